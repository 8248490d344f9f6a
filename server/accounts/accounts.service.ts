import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { BruteForceService } from '../brute-force/brute-force.service';
import { isUniqueViolation } from '../database/unique-violation';
import { AppError } from '../http/app-error';
import { MfaRepository } from '../mfa/mfa.repository';
import { PasskeyStore } from '../passkeys/passkey-store';
import { DEFAULT_ORGANIZATION_ID } from '../organizations/organization.entity';
import type { SecurityEvent, SecurityEventKind } from '../security-events/security-event';
import { SecurityEvents } from '../security-events/security-events.service';
import { SessionsService } from '../sessions/sessions.service';
import { dateIn, isIsoDate } from '../users/account-dates';
import type { Role } from '../users/user.entity';
import { usersConfig } from '../users/users.config';
import { UsersError } from '../users/users.errors';
import { UsersRepository } from '../users/users.repository';
import { USERNAME_PATTERN } from '../users/users.service';
import { accountsError } from './accounts.errors';
import { AccountIssuer, type IssuedAccount } from './account-issuer';
import { type AdministratorAfterChange, leavesNoAdministrator } from './last-administrator';

/** Who makes a change, and from where (an administrator's request; the CLI has no address). */
export type ActedBy = Pick<SecurityEvent, 'actor' | 'client'>;

const OPERATOR: ActedBy = { actor: { kind: 'operator' } };

/** The account a change is about: its contract bounds every statement of the change. */
export interface AccountRef {
  id: string;
  username: string;
  organizationId: string;
}

export interface NewAccount {
  username: string;
  role: Role;
  expiresOn: string | null;
  /** The contract; the default one (made by the migration) when not given. */
  organizationId?: string;
}

/**
 * What a change did: whether the account's sessions end (with `revokeCredentials`, everything
 * signed in through them too: see CredentialsRevoked), and what the event should add.
 */
interface ChangeOutcome {
  /** The value before the change, as the change's own statement found it under the row lock. */
  from?: string | null;
  endSessions: boolean;
  revokeCredentials?: boolean;
  detail?: Record<string, boolean>;
}

/**
 * Every change to an existing account, whoever makes it (an administrator over HTTP, the operator's
 * CLI): the one reissue, the one unlock, the one place the last-administrator rule is enforced.
 * Each change is one transaction with its security event.
 */
@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly issuer: AccountIssuer,
    private readonly sessions: SessionsService,
    private readonly mfa: MfaRepository,
    private readonly passkeys: PasskeyStore,
    private readonly bruteForce: BruteForceService,
    private readonly events: SecurityEvents,
    @Inject(usersConfig.KEY) private readonly config: ConfigType<typeof usersConfig>,
  ) {}

  /** Today in the accounts' time zone (ACCOUNT_TIME_ZONE). */
  today(): string {
    return dateIn(this.config.timeZone, new Date());
  }

  /** The operator's `account create`: one account, checked, in the default contract unless told. */
  async create(input: NewAccount, by: ActedBy = OPERATOR): Promise<IssuedAccount> {
    if (!USERNAME_PATTERN.test(input.username)) throw new UsersError('USERNAME_INVALID');
    if (input.expiresOn !== null && !isIsoDate(input.expiresOn)) {
      throw new UsersError('EXPIRY_INVALID');
    }
    const prepared = await this.issuer.prepare([
      { username: input.username, role: input.role, expiresOn: input.expiresOn },
    ]);
    try {
      const [issued] = await this.dataSource.transaction((manager) =>
        this.issuer.insert(
          manager,
          input.organizationId ?? DEFAULT_ORGANIZATION_ID,
          prepared,
          by.actor,
          { client: by.client },
        ),
      );
      return issued;
    } catch (error) {
      // The unique index on lower(username) decides, so two concurrent creations cannot both win.
      if (isUniqueViolation(error)) throw new UsersError('USERNAME_TAKEN');
      throw error;
    }
  }

  /** The account of a username, in any contract; ACCOUNT_NOT_FOUND (the CLI's error) otherwise. */
  async byUsername(
    username: string,
  ): Promise<AccountRef & { role: Role; expiresOn: string | null }> {
    const user = await this.users.findByUsername(username);
    if (!user) throw new UsersError('ACCOUNT_NOT_FOUND');
    return user;
  }

  /**
   * A new temporary password (a change is forced at the next sign-in, the history keeps it); the
   * old password and every session of the account stop working. The password is in the answer only.
   */
  async reissue(
    account: AccountRef,
    by: ActedBy = OPERATOR,
  ): Promise<{ temporaryPassword: string }> {
    const { temporaryPassword, passwordHash } = await this.issuer.temporaryPassword(
      account.username,
    );
    const expiresAt = this.issuer.temporaryExpiresAt();
    await this.change(account, 'account.temporary_password_reissued', by, {}, async (manager) => {
      await this.users.setTemporaryPassword(manager, account.id, passwordHash, expiresAt);
      return { endSessions: true, revokeCredentials: true };
    });
    return { temporaryPassword };
  }

  /** The CLI's `account reissue`: `reissue` by username, answered with what the account list shows. */
  async reissueByUsername(username: string): Promise<Omit<IssuedAccount, 'id'>> {
    const account = await this.byUsername(username);
    const { temporaryPassword } = await this.reissue(account);
    return {
      username: account.username,
      role: account.role,
      temporaryPassword,
      expiresOn: account.expiresOn,
    };
  }

  /** Lifts a lockout after failed sign-ins; answers whether the account was locked. */
  async unlock(account: AccountRef, by: ActedBy = OPERATOR): Promise<boolean> {
    let wasLocked = false;
    await this.change(account, 'account.unlocked', by, {}, async (manager) => {
      wasLocked = await this.bruteForce.unlock(account.id, manager);
      return { endSessions: false, detail: { wasLocked } };
    });
    return wasLocked;
  }

  /** Sets or clears the account's own expiry; a date already past ends its sessions at once. */
  setExpiry(account: AccountRef, by: ActedBy, expiresOn: string | null) {
    const past = expiresOn !== null && expiresOn < this.today();
    return this.change(
      account,
      'account.expiry_changed',
      by,
      { to: expiresOn },
      async (manager) => {
        const from = await this.users.setExpiry(manager, account.id, expiresOn);
        return { from, endSessions: past };
      },
      () => ({ ends: expiresOn }),
    );
  }

  setRole(account: AccountRef, by: ActedBy, role: Role) {
    return this.change(
      account,
      'account.role_changed',
      by,
      { to: role },
      async (manager) => {
        const from = await this.users.setRole(manager, account.id, role);
        return { from, endSessions: false };
      },
      role === 'admin' ? undefined : () => null,
    );
  }

  setDisabled(account: AccountRef, by: ActedBy, disabled: boolean) {
    return this.change(
      account,
      disabled ? 'account.disabled' : 'account.enabled',
      by,
      {},
      async (manager) => {
        await this.users.setDisabled(manager, account.id, disabled);
        return { endSessions: disabled, revokeCredentials: disabled };
      },
      disabled ? () => null : undefined,
    );
  }

  /**
   * Turns MFA off (an enrolment in progress too), forgets the recovery codes and removes the
   * passkeys, for a user who lost their authenticator; the sessions end, and the user may set MFA
   * up again after signing in.
   */
  resetMfa(account: AccountRef, by: ActedBy) {
    return this.change(account, 'account.mfa_reset', by, {}, async (manager) => {
      await this.mfa.forget(manager, account.id);
      await this.passkeys.forget(manager, account.id);
      return { endSessions: true, revokeCredentials: true };
    });
  }

  endSessions(account: AccountRef, by: ActedBy) {
    return this.change(account, 'account.sessions_ended', by, {}, () =>
      Promise.resolve({ endSessions: true, revokeCredentials: true }),
    );
  }

  /**
   * One change to one account of its contract, in one transaction with its event: the row is
   * locked first, without reading it again (the caller has it; a change that records the value it
   * replaces reads that in its own statement, under the lock, so the event describes what was
   * written), and the account's sessions end when
   * `apply` says so. With `keepAdministrator` (what the target, if it is an active administrator,
   * is after the change), the contract's active administrators are locked first, always in the
   * same order, and the change is refused if it would leave the contract without one (see
   * last-administrator.ts): two administrators changing each other at once cannot both succeed,
   * since the second sees the first's change.
   */
  private async change(
    account: AccountRef,
    kind: SecurityEventKind,
    by: ActedBy,
    detail: Record<string, string | null>,
    apply: (manager: EntityManager) => Promise<ChangeOutcome>,
    keepAdministrator?: AdministratorAfterChange,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (keepAdministrator) {
        const today = this.today();
        const admins = await this.users.lockActiveAdministrators(
          manager,
          account.organizationId,
          today,
        );
        if (leavesNoAdministrator(admins, account.id, keepAdministrator, today)) {
          throw accountsError('LAST_ADMINISTRATOR');
        }
      }
      if (!(await this.users.lockInContract(manager, account.id, account.organizationId))) {
        throw new AppError('NOT_FOUND');
      }
      const outcome = await apply(manager);
      const sessionsEnded = outcome.revokeCredentials
        ? await this.sessions.revokeCredentials(account.id, manager)
        : outcome.endSessions
          ? await this.sessions.revokeAll(account.id, manager)
          : 0;
      await this.events.emit(
        {
          kind,
          actor: by.actor,
          client: by.client,
          target: { userId: account.id, username: account.username },
          organizationId: account.organizationId,
          detail: {
            ...detail,
            ...('from' in outcome ? { from: outcome.from ?? null } : {}),
            ...outcome.detail,
            sessionsEnded,
          },
        },
        manager,
      );
    });
  }
}

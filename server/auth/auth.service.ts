import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  BruteForceService,
  type Reservation,
  type WindowRow,
} from '../brute-force/brute-force.service';
import { pgPool } from '../database/pg-pool';
import { AppError, type AppErrorCode, FieldProblem } from '../http/app-error';
import { mfaEnabledSql } from '../mfa/mfa-sign-in';
import type { Locale } from '../http/locale';
import { PASSWORD_HASHER, type PasswordHasher } from '../password-hashing/password-hasher';
import { PASSWORD_POLICY, type PasswordPolicy } from '../password-policy/password-policy';
import { SecurityEvents } from '../security-events/security-events.service';
import { isAccountExpired } from '../users/account-dates';
import type { Role, User } from '../users/user.entity';
import { usersConfig } from '../users/users.config';
import { UsersService } from '../users/users.service';
import type { Principal } from './authenticated-request';
import type { ChangePasswordDto } from './dto/change-password.dto';
import { accountLocked, PasswordConfirmation } from './password-confirmation';
import { SessionDto } from './dto/session.dto';
import { ClientInfo, SessionsService } from './sessions.service';

export interface SignedIn {
  token: string;
  session: SessionDto;
}

/** What sign-in knows of an account; expiresOn is already the earlier of its own and its contract's. */
export type SignInAccount = Pick<
  User,
  | 'id'
  | 'username'
  | 'role'
  | 'organizationId'
  | 'passwordHash'
  | 'passwordIsTemporary'
  | 'temporaryPasswordExpiresAt'
  | 'disabled'
  | 'expiresOn'
> & {
  /** Signing in needs the MFA code step. */
  mfaEnabled: boolean;
};

interface SignInRow {
  id: string | null;
  username: string;
  role: Role;
  organization_id: string;
  password_hash: string;
  password_is_temporary: boolean;
  temporary_password_expires_at: Date | null;
  disabled: boolean;
  expires_on: string | null;
  mfa_enabled: boolean;
  address_failures: number | null;
  address_first_failure_at: Date | null;
  address_admitted: boolean | null;
  account_admitted: boolean | null;
  account_failures: number | null;
  account_locked: boolean | null;
  account_locked_now: boolean | null;
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    @Inject(PASSWORD_POLICY) private readonly policy: PasswordPolicy,
    @Inject(usersConfig.KEY) private readonly usersSettings: ConfigType<typeof usersConfig>,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly events: SecurityEvents,
    private readonly bruteForce: BruteForceService,
    private readonly confirmation: PasswordConfirmation,
  ) {}

  /**
   * The account for a username and password, or INVALID_CREDENTIALS. The attempt is counted
   * before the password is checked (see BruteForceService), so concurrent attempts never check more
   * passwords than the thresholds allow. Reasons an account cannot be used are told only to
   * someone who knew its password. A locked or delayed account gets the same generic answer as a
   * wrong password, after the same work.
   */
  async validateCredentials(
    username: string,
    password: string,
    client: ClientInfo = { ipAddress: null, userAgent: null },
    now = new Date(),
  ): Promise<SignInAccount> {
    const attempt = await this.reserveSignIn(username, client.ipAddress);
    const address = this.bruteForce.windowAttemptOf(attempt.address);
    if (!address.admitted) {
      await this.recordFailedSignIn(null, username, 'address_limited', client);
      throw new AppError('TOO_MANY_ATTEMPTS', undefined, address.retryAfter);
    }
    const user = attempt.account;
    const refuse = async (code: AppErrorCode, reason: string): Promise<never> => {
      await this.recordFailedSignIn(user, username, reason, client);
      throw new AppError(code);
    };
    if (!user || !attempt.reservation) {
      // Same work as for a real account, so response time does not reveal which usernames exist.
      await this.hashOrTakeBack(() => this.hasher.verifyAgainstDummy(password), null, client);
      return refuse('INVALID_CREDENTIALS', 'unknown_username');
    }
    const reservation = attempt.reservation;
    if (!reservation.admitted) {
      // Refused before the check, and counted as a failure already.
      await this.hasher.verifyAgainstDummy(password);
      if (reservation.lockedNow)
        await this.events.emit(accountLocked(user, reservation.failures, client));
      return refuse('INVALID_CREDENTIALS', reservation.refusal ?? 'locked');
    }
    const verified = await this.hashOrTakeBack(
      () => this.hasher.verify(user.passwordHash, password),
      reservation,
      client,
    );
    if (!verified) {
      const outcome = await this.bruteForce.fail(reservation);
      if (outcome.lockedNow) await this.events.emit(accountLocked(user, outcome.failures, client));
      return refuse('INVALID_CREDENTIALS', 'wrong_password');
    }
    const unusable = this.unusableReason(user, now);
    if (unusable) {
      // The password was right: the attempt is settled as a success, but no session starts.
      await this.bruteForce.succeed(reservation);
      await this.bruteForce.releaseWindow('address', client.ipAddress);
      return refuse(unusable.code, unusable.reason);
    }
    if (this.hasher.needsRehash(user.passwordHash)) await this.upgradeHash(user, password);
    return user;
  }

  private unusableReason(
    user: SignInAccount,
    now: Date,
  ): { code: AppErrorCode; reason: string } | null {
    if (user.disabled) return { code: 'ACCOUNT_DISABLED', reason: 'disabled' };
    if (isAccountExpired(user.expiresOn, this.usersSettings.timeZone, now)) {
      return { code: 'ACCOUNT_EXPIRED', reason: 'expired' };
    }
    const temporaryExpired =
      user.passwordIsTemporary &&
      user.temporaryPasswordExpiresAt !== null &&
      user.temporaryPasswordExpiresAt <= now;
    if (temporaryExpired) {
      return { code: 'TEMPORARY_PASSWORD_EXPIRED', reason: 'temporary_password_expired' };
    }
    return null;
  }

  /**
   * A hash of the sign-in; when it cannot even start (the hashing queue is full: SERVER_BUSY), the
   * attempt was not checked and is taken back from the account and the address.
   */
  private async hashOrTakeBack<T>(
    hash: () => Promise<T>,
    reservation: Reservation | null,
    client: ClientInfo,
  ): Promise<T> {
    try {
      return await hash();
    } catch (error) {
      if (reservation) await this.bruteForce.cancel(reservation);
      await this.bruteForce.releaseWindow('address', client.ipAddress);
      throw error;
    }
  }

  /**
   * The account (its contract's end folded into expiresOn, whether MFA is on) and this attempt's
   * reservations on the address and the account, in one round trip: sign-in is the hot path whose
   * only real cost should be the hash. A named prepared statement, planned once per connection.
   */
  private async reserveSignIn(
    username: string,
    address: string | null,
  ): Promise<{
    account: SignInAccount | null;
    address: WindowRow | null;
    reservation: Reservation | null;
  }> {
    const { rows } = await pgPool(this.dataSource).query<SignInRow>({
      name: 'tobira_sign_in_attempt',
      text: `WITH account AS (
               SELECT u.id, u.username, u.role, u.organization_id, u.password_hash,
                      u.password_is_temporary, u.temporary_password_expires_at, u.disabled,
                      -- LEAST ignores NULL: the contract's end counts when it comes first or alone.
                      to_char(LEAST(u.expires_on, o.service_ends_on), 'YYYY-MM-DD') AS expires_on,
                      ${mfaEnabledSql('u.id')} AS mfa_enabled
                 FROM users u JOIN organizations o ON o.id = u.organization_id
                WHERE lower(u.username) = lower($1)),
             ${this.bruteForce.signInReservationSql('$2::text', 'account').join(',\n')}
             SELECT a.*,
                    aa.failures AS address_failures, aa.first_failure_at AS address_first_failure_at,
                    aa.admitted AS address_admitted,
                    ua.admitted AS account_admitted, ua.failures AS account_failures,
                    ua.locked AS account_locked, ua.locked_now AS account_locked_now
               FROM (SELECT 1) AS one
               LEFT JOIN account a ON true
               LEFT JOIN address_attempt aa ON true
               LEFT JOIN account_attempt ua ON true`,
      values: [username, address],
    });
    const row = rows[0];
    const account: SignInAccount | null = row.id
      ? {
          id: row.id,
          username: row.username,
          role: row.role,
          organizationId: row.organization_id,
          passwordHash: row.password_hash,
          passwordIsTemporary: row.password_is_temporary,
          temporaryPasswordExpiresAt: row.temporary_password_expires_at,
          disabled: row.disabled,
          expiresOn: row.expires_on,
          mfaEnabled: row.mfa_enabled,
        }
      : null;
    return {
      account,
      address:
        row.address_failures === null
          ? null
          : {
              failures: row.address_failures,
              first_failure_at: row.address_first_failure_at!,
              admitted: row.address_admitted!,
            },
      reservation:
        account && row.account_admitted !== null
          ? this.bruteForce.reservationOf('account', account.id, {
              admitted: row.account_admitted,
              failures: row.account_failures ?? 0,
              locked: row.account_locked ?? false,
              locked_now: row.account_locked_now ?? false,
            })
          : null,
    };
  }

  private recordFailedSignIn(
    user: SignInAccount | null,
    attempted: string,
    reason: string,
    client: ClientInfo,
  ): Promise<void> {
    return this.events.emit({
      kind: 'sign_in.failed',
      actor: { kind: 'user', userId: user?.id ?? null, username: user?.username ?? null },
      target: { userId: user?.id ?? null, username: user?.username ?? attempted.slice(0, 64) },
      organizationId: user?.organizationId ?? null,
      detail: { reason },
      client,
    });
  }

  /**
   * A new session (and token) for a verified user; a session the browser already had is ended.
   * With MFA on, the password alone opens only the code step (see MfaPendingGuard). Whether MFA is
   * on was read with the account, before the hash: an MFA switched on during that verify applies
   * from the next sign-in, as it would had this one come a moment earlier.
   */
  async signIn(user: SignInAccount, client: ClientInfo, previousToken?: string): Promise<SignedIn> {
    if (previousToken) await this.sessions.revokeByToken(previousToken);
    const mfaPending = user.mfaEnabled;
    const token = await this.sessions.create(user.id, client, {
      mfaPending,
      event: {
        // With MFA on, only the password is verified yet: the code step records the sign-in.
        kind: mfaPending ? 'sign_in.mfa_pending' : 'sign_in.succeeded',
        actor: { kind: 'user', userId: user.id, username: user.username },
        target: { userId: user.id, username: user.username },
        organizationId: user.organizationId,
        client,
      },
      // The attempt reserved by validateCredentials succeeded: settled in the same statement.
      settle: (firstParam) =>
        this.bruteForce.signInSuccessSql(user.id, client.ipAddress, firstParam),
    });
    return { token, session: SessionDto.from({ ...user, mfaPending }) };
  }

  async signOut(principal: Principal, client: ClientInfo): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.sessions.revoke(principal.sessionId, manager);
      await this.events.emit(
        {
          kind: 'sign_out',
          actor: { kind: 'user', userId: principal.userId, username: principal.username },
          target: { userId: principal.userId, username: principal.username },
          organizationId: principal.organizationId,
          client,
        },
        manager,
      );
    });
  }

  /**
   * Forced or voluntary change: every problem is reported at once; on success the new hash, the
   * history, the cleared temporary flag, the end of the user's other sessions and this session's
   * new token are one transaction.
   */
  async changePassword(
    principal: Principal,
    dto: ChangePasswordDto,
    locale: Locale,
    client: ClientInfo,
  ): Promise<SignedIn> {
    const user = await this.users.findByUsername(principal.username);
    if (!user || user.id !== principal.userId) throw new AppError('UNAUTHENTICATED');

    const [current, recentHashes] = await Promise.all([
      this.confirmation.check(principal, dto.currentPassword, client, 'password_change'),
      this.users.recentPasswordHashes(user.id),
    ]);
    const problems: FieldProblem[] = [];
    if (!current.ok)
      problems.push({ field: 'currentPassword', code: 'CURRENT_PASSWORD_INCORRECT' });
    const violations = await this.policy.validate(
      {
        password: dto.newPassword,
        username: user.username,
        currentPassword: dto.currentPassword,
        recentHashes,
      },
      locale,
    );
    problems.push(
      ...violations.map((v) => ({
        field: 'newPassword',
        code: v.code,
        params: v.params,
        message: v.message,
      })),
    );
    if (dto.newPasswordConfirmation !== dto.newPassword) {
      problems.push({ field: 'newPasswordConfirmation', code: 'CONFIRMATION_MISMATCH' });
    }
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', problems);

    const newHash = await this.hasher.hash(dto.newPassword);
    const token = await this.dataSource.transaction(async (manager) => {
      // Conditional on the hash we verified: of two concurrent changes only one can succeed.
      const [, updated]: [unknown, number] = await manager.query(
        `UPDATE users SET password_hash = $2, password_is_temporary = false,
                temporary_password_expires_at = NULL, password_changed_at = now(), updated_at = now()
          WHERE id = $1 AND password_hash = $3`,
        [user.id, newHash, user.passwordHash],
      );
      if (updated !== 1) {
        throw new AppError('VALIDATION_FAILED', [
          { field: 'currentPassword', code: 'CURRENT_PASSWORD_INCORRECT' },
        ]);
      }
      await this.users.recordPasswordHistory(manager, user.id, newHash);
      await this.sessions.revokeOthers(user.id, principal.sessionId, manager);
      await this.events.emit(
        {
          kind: 'password.changed',
          actor: { kind: 'user', userId: user.id, username: user.username },
          target: { userId: user.id, username: user.username },
          organizationId: user.organizationId,
          detail: { wasTemporary: user.passwordIsTemporary },
          client,
        },
        manager,
      );
      return this.sessions.renew(principal.sessionId, manager);
    });
    return { token, session: SessionDto.from({ ...principal, passwordIsTemporary: false }) };
  }

  private async upgradeHash(user: SignInAccount, password: string): Promise<void> {
    const upgraded = await this.hasher.hash(password);
    await this.dataSource.query(
      'UPDATE users SET password_hash = $2 WHERE id = $1 AND password_hash = $3',
      [user.id, upgraded, user.passwordHash],
    );
    // The history keeps the old hash; it still verifies the same password for the reuse rule.
  }
}

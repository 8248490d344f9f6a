import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { BruteForceService } from '../brute-force/brute-force.service';
import { PASSWORD_HASHER, type PasswordHasher } from '../password-hashing/password-hasher';
import { TemporaryPasswordGenerator } from '../password-policy/temporary-password.generator';
import type { SecurityEvent } from '../security-events/security-event';
import { SecurityEvents } from '../security-events/security-events.service';
import { DEFAULT_ORGANIZATION_ID } from '../organizations/organization.entity';
import { isIsoDate } from './account-dates';
import { PasswordHistoryEntry } from './password-history.entity';
import { Role, User } from './user.entity';
import { usersConfig } from './users.config';
import { UsersError } from './users.errors';

const OPERATOR: SecurityEvent['actor'] = { kind: 'operator' };

export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export interface NewAccount {
  username: string;
  role: Role;
  expiresOn: string | null;
  /** The contract; the default one (made by the migration) when not given. */
  organizationId?: string;
}

/** An account with the temporary password that is shown once and never stored in clear. */
export interface IssuedAccount {
  username: string;
  role: Role;
  temporaryPassword: string;
  expiresOn: string | null;
}

export interface AccountSummary {
  username: string;
  role: Role;
  passwordIsTemporary: boolean;
  temporaryPasswordExpiresAt: string | null;
  expiresOn: string | null;
  disabled: boolean;
  lastSignInAt: string | null;
  createdAt: string;
}

function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505'
  );
}

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    private readonly temporaryPasswords: TemporaryPasswordGenerator,
    @Inject(usersConfig.KEY) private readonly config: ConfigType<typeof usersConfig>,
    private readonly events: SecurityEvents,
    private readonly bruteForce: BruteForceService,
  ) {}

  findByUsername(
    username: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<User | null> {
    return manager
      .getRepository(User)
      .createQueryBuilder('u')
      .leftJoinAndSelect('u.organization', 'o')
      .where('lower(u.username) = lower(:username)', { username })
      .getOne();
  }

  async createAccount(
    input: NewAccount,
    actor: SecurityEvent['actor'] = OPERATOR,
  ): Promise<IssuedAccount> {
    if (!USERNAME_PATTERN.test(input.username)) throw new UsersError('USERNAME_INVALID');
    if (input.expiresOn !== null && !isIsoDate(input.expiresOn))
      throw new UsersError('EXPIRY_INVALID');
    const temporaryPassword = await this.temporaryPasswords.generate(input.username);
    const passwordHash = await this.hasher.hash(temporaryPassword);
    try {
      await this.dataSource.transaction(async (manager) => {
        const user = await manager.getRepository(User).save(
          manager.getRepository(User).create({
            username: input.username,
            role: input.role,
            organizationId: input.organizationId ?? DEFAULT_ORGANIZATION_ID,
            passwordHash,
            passwordIsTemporary: true,
            temporaryPasswordExpiresAt: this.temporaryPasswordExpiry(),
            passwordChangedAt: new Date(),
            expiresOn: input.expiresOn,
            disabled: false,
          }),
        );
        await this.recordPasswordHistory(manager, user.id, passwordHash);
        await this.events.emit(
          {
            kind: 'account.created',
            actor,
            target: { userId: user.id, username: user.username },
            organizationId: user.organizationId,
            detail: { role: input.role, expiresOn: input.expiresOn },
          },
          manager,
        );
      });
    } catch (error) {
      // The unique index on lower(username) decides, so two concurrent creations cannot both win.
      if (isUniqueViolation(error)) throw new UsersError('USERNAME_TAKEN');
      throw error;
    }
    return {
      username: input.username,
      role: input.role,
      temporaryPassword,
      expiresOn: input.expiresOn,
    };
  }

  /** A new temporary password; the old password and every session of the account stop working. */
  async reissueTemporaryPassword(
    username: string,
    actor: SecurityEvent['actor'] = OPERATOR,
  ): Promise<IssuedAccount> {
    const user = await this.findByUsername(username);
    if (!user) throw new UsersError('ACCOUNT_NOT_FOUND');
    const temporaryPassword = await this.temporaryPasswords.generate(user.username);
    const passwordHash = await this.hasher.hash(temporaryPassword);
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(User).update(
        { id: user.id },
        {
          passwordHash,
          passwordIsTemporary: true,
          temporaryPasswordExpiresAt: this.temporaryPasswordExpiry(),
          passwordChangedAt: new Date(),
        },
      );
      await this.recordPasswordHistory(manager, user.id, passwordHash);
      await manager.query('DELETE FROM sessions WHERE user_id = $1', [user.id]);
      await this.events.emit(
        {
          kind: 'account.temporary_password_reissued',
          actor,
          target: { userId: user.id, username: user.username },
          organizationId: user.organizationId,
        },
        manager,
      );
    });
    return {
      username: user.username,
      role: user.role,
      temporaryPassword,
      expiresOn: user.expiresOn,
    };
  }

  /**
   * Lifts a lockout after failed sign-ins (the operator's `account unlock`), recorded as
   * `account.unlocked` in the same transaction; answers whether the account was locked.
   */
  async unlockAccount(
    username: string,
    actor: SecurityEvent['actor'] = OPERATOR,
  ): Promise<boolean> {
    const user = await this.findByUsername(username);
    if (!user) throw new UsersError('ACCOUNT_NOT_FOUND');
    return this.dataSource.transaction(async (manager) => {
      const wasLocked = await this.bruteForce.unlock(user.id, manager);
      await this.events.emit(
        {
          kind: 'account.unlocked',
          actor,
          target: { userId: user.id, username: user.username },
          organizationId: user.organizationId,
          detail: { wasLocked },
        },
        manager,
      );
      return wasLocked;
    });
  }

  async listAccounts(): Promise<AccountSummary[]> {
    const users = await this.dataSource.getRepository(User).find({ order: { username: 'ASC' } });
    return users.map((u) => ({
      username: u.username,
      role: u.role,
      passwordIsTemporary: u.passwordIsTemporary,
      temporaryPasswordExpiresAt: u.temporaryPasswordExpiresAt?.toISOString() ?? null,
      expiresOn: u.expiresOn,
      disabled: u.disabled,
      lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
      createdAt: u.createdAt.toISOString(),
    }));
  }

  /** The most recent password hashes, newest first, for the reuse rule. */
  async recentPasswordHashes(
    userId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string[]> {
    if (this.config.historySize === 0) return [];
    const rows = await manager.getRepository(PasswordHistoryEntry).find({
      where: { userId },
      order: { createdAt: 'DESC' },
      take: this.config.historySize,
    });
    return rows.map((r) => r.passwordHash);
  }

  /** Adds a hash to the history and forgets those beyond the configured count. */
  async recordPasswordHistory(
    manager: EntityManager,
    userId: string,
    passwordHash: string,
  ): Promise<void> {
    await manager.getRepository(PasswordHistoryEntry).insert({ userId, passwordHash });
    await manager.query(
      `DELETE FROM password_history WHERE user_id = $1 AND id NOT IN (
         SELECT id FROM password_history WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT $2)`,
      [userId, Math.max(this.config.historySize, 1)],
    );
  }

  private temporaryPasswordExpiry(): Date {
    return new Date(Date.now() + this.config.temporaryPasswordDays * 24 * 60 * 60 * 1000);
  }
}

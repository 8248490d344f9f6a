import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { accountEndsOnSql } from '../organizations/contract-dates.sql';
import { PasswordHistoryEntry } from './password-history.entity';
import { type Role, User } from './user.entity';
import { usersConfig } from './users.config';

/** An account ready to be inserted: its temporary password already hashed. */
export interface AccountRow {
  username: string;
  role: Role;
  passwordHash: string;
  expiresOn: string | null;
}

/** Every statement on `users` and `password_history` (but the sign-in hot path's fragments, users.sql.ts). */
@Injectable()
export class UsersRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(usersConfig.KEY) private readonly config: ConfigType<typeof usersConfig>,
  ) {}

  findByUsername(
    username: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<User | null> {
    return manager
      .getRepository(User)
      .createQueryBuilder('u')
      .where('lower(u.username) = lower(:username)', { username })
      .getOne();
  }

  listAll(): Promise<User[]> {
    return this.dataSource.getRepository(User).find({ order: { username: 'ASC' } });
  }

  /**
   * Inserts the accounts of one contract with their first history entries; the unique index on
   * lower(username) refuses any duplicate. Answers each username's new id.
   */
  async insertMany(
    manager: EntityManager,
    organizationId: string,
    accounts: AccountRow[],
    temporaryExpiresAt: Date,
  ): Promise<Map<string, string>> {
    if (accounts.length === 0) return new Map();
    const rows: { id: string; username: string }[] = await manager.query(
      `INSERT INTO users (username, role, organization_id, password_hash, password_is_temporary,
                          temporary_password_expires_at, expires_on)
       SELECT a.username, a.role, $1, a.password_hash, true, $2, a.expires_on
         FROM unnest($3::varchar[], $4::varchar[], $5::text[], $6::date[])
              WITH ORDINALITY AS a (username, role, password_hash, expires_on, n)
        ORDER BY a.n
       RETURNING id, username`,
      [
        organizationId,
        temporaryExpiresAt,
        accounts.map((a) => a.username),
        accounts.map((a) => a.role),
        accounts.map((a) => a.passwordHash),
        accounts.map((a) => a.expiresOn),
      ],
    );
    const ids = new Map(rows.map((r) => [r.username, r.id]));
    await manager.query(
      `INSERT INTO password_history (user_id, password_hash)
       SELECT * FROM unnest($1::uuid[], $2::text[])`,
      [accounts.map((a) => ids.get(a.username)), accounts.map((a) => a.passwordHash)],
    );
    return ids;
  }

  /** A new temporary password (a change is forced at the next sign-in), kept in the history. */
  async setTemporaryPassword(
    manager: EntityManager,
    userId: string,
    passwordHash: string,
    expiresAt: Date,
  ): Promise<void> {
    await manager.query(
      `UPDATE users SET password_hash = $2, password_is_temporary = true,
              temporary_password_expires_at = $3, password_changed_at = now(), updated_at = now()
        WHERE id = $1`,
      [userId, passwordHash, expiresAt],
    );
    await this.recordPasswordHistory(manager, userId, passwordHash);
  }

  /**
   * The user's own new password, conditional on the hash that was verified: of two concurrent
   * changes only one succeeds. Answers whether this one did.
   */
  async replacePassword(
    manager: EntityManager,
    userId: string,
    newHash: string,
    verifiedHash: string,
  ): Promise<boolean> {
    const [, updated]: [unknown, number] = await manager.query(
      `UPDATE users SET password_hash = $2, password_is_temporary = false,
              temporary_password_expires_at = NULL, password_changed_at = now(), updated_at = now()
        WHERE id = $1 AND password_hash = $3`,
      [userId, newHash, verifiedHash],
    );
    if (updated !== 1) return false;
    await this.recordPasswordHistory(manager, userId, newHash);
    return true;
  }

  /** The same password under the hasher's current parameters; the history keeps the old hash. */
  async upgradeHash(userId: string, upgraded: string, previous: string): Promise<void> {
    await this.dataSource.query(
      'UPDATE users SET password_hash = $2 WHERE id = $1 AND password_hash = $3',
      [userId, upgraded, previous],
    );
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
  private async recordPasswordHistory(
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

  /** Which of these names exist already, in any contract (usernames are unique across all). */
  async taken(usernames: string[]): Promise<Set<string>> {
    if (usernames.length === 0) return new Set();
    const rows: { name: string }[] = await this.dataSource.query(
      'SELECT lower(username) AS name FROM users WHERE lower(username) = ANY($1::text[])',
      [usernames.map((u) => u.toLowerCase())],
    );
    return new Set(rows.map((r) => r.name));
  }

  /** How many accounts of each role a contract has. */
  async countByRole(
    organizationId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Record<Role, number>> {
    const rows: { role: Role; n: string }[] = await manager.query(
      'SELECT role, count(*) AS n FROM users WHERE organization_id = $1 GROUP BY role',
      [organizationId],
    );
    const count = (role: Role) => Number(rows.find((r) => r.role === role)?.n ?? 0);
    return { admin: count('admin'), user: count('user') };
  }

  /**
   * Locks an account of a contract for a change, without reading it: false when the contract has
   * no such account.
   */
  async lockInContract(
    manager: EntityManager,
    userId: string,
    organizationId: string,
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      'SELECT 1 FROM users WHERE id = $1 AND organization_id = $2 FOR UPDATE',
      [userId, organizationId],
    );
    return rows.length > 0;
  }

  /** Sets the account's own expiry; answers the one it replaces (the caller holds the row lock). */
  async setExpiry(
    manager: EntityManager,
    userId: string,
    expiresOn: string | null,
  ): Promise<string | null> {
    const [rows]: [{ previous: string | null }[], number] = await manager.query(
      `UPDATE users u SET expires_on = $2, updated_at = now() FROM users old
        WHERE u.id = $1 AND old.id = u.id
       RETURNING to_char(old.expires_on, 'YYYY-MM-DD') AS previous`,
      [userId, expiresOn],
    );
    return rows[0]?.previous ?? null;
  }

  /** Sets the account's role; answers the one it replaces (the caller holds the row lock). */
  async setRole(manager: EntityManager, userId: string, role: Role): Promise<Role | null> {
    const [rows]: [{ previous: Role }[], number] = await manager.query(
      `UPDATE users u SET role = $2, updated_at = now() FROM users old
        WHERE u.id = $1 AND old.id = u.id
       RETURNING old.role AS previous`,
      [userId, role],
    );
    return rows[0]?.previous ?? null;
  }

  async setDisabled(manager: EntityManager, userId: string, disabled: boolean): Promise<void> {
    await manager.query('UPDATE users SET disabled = $2, updated_at = now() WHERE id = $1', [
      userId,
      disabled,
    ]);
  }

  /**
   * Locks the contract's active administrators (enabled, not expired on `today`), always in the
   * same order, and answers each one's own expiry and the contract's end (see last-administrator.ts).
   */
  lockActiveAdministrators(
    manager: EntityManager,
    organizationId: string,
    today: string,
  ): Promise<{ id: string; ends: string | null; contract_ends: string | null }[]> {
    return manager.query(
      `SELECT u.id, to_char(u.expires_on, 'YYYY-MM-DD') AS ends,
              to_char(o.service_ends_on, 'YYYY-MM-DD') AS contract_ends
         FROM users u JOIN organizations o ON o.id = u.organization_id
        WHERE u.organization_id = $1 AND u.role = 'admin' AND NOT u.disabled
          AND NOT COALESCE(${accountEndsOnSql('u', 'o')} < $2::date, false)
        ORDER BY u.id
          FOR UPDATE OF u`,
      [organizationId, today],
    );
  }
}

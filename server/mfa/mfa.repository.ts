import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { mfaEnabledSql } from './mfa.sql';

/** Every statement on `mfa_credentials` and `mfa_recovery_codes`: no other module touches them. */
@Injectable()
export class MfaRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Stored secrets sealed under a key other than `keyId`, counted per key id. */
  secretsUnderOtherKeys(keyId: string): Promise<{ keyId: string; secrets: number }[]> {
    return this.dataSource.query(
      `SELECT split_part(secret_sealed, '.', 2) AS "keyId", count(*)::int AS secrets
         FROM mfa_credentials WHERE split_part(secret_sealed, '.', 2) <> $1
        GROUP BY 1 ORDER BY 1`,
      [keyId],
    );
  }

  async status(userId: string): Promise<{ enabled_at: Date; remaining: number } | undefined> {
    const rows: { enabled_at: Date; remaining: number }[] = await this.dataSource.query(
      `SELECT c.enabled_at,
              (SELECT count(*)::int FROM mfa_recovery_codes r
                WHERE r.user_id = c.user_id AND r.used_at IS NULL) AS remaining
         FROM mfa_credentials c WHERE c.user_id = $1 AND c.enabled_at IS NOT NULL`,
      [userId],
    );
    return rows[0];
  }

  /** A new pending secret unless MFA is on (one statement: an enabled secret is never replaced). */
  async startEnrollment(userId: string, sealed: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO mfa_credentials (user_id, secret_sealed) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET secret_sealed = EXCLUDED.secret_sealed,
              last_used_step = NULL, created_at = now(), updated_at = now()
        WHERE mfa_credentials.enabled_at IS NULL
       RETURNING user_id`,
      [userId, sealed],
    );
    return rows.length > 0;
  }

  async credential(
    userId: string,
  ): Promise<{ secret_sealed: string; enabled_at: Date | null } | undefined> {
    const rows: { secret_sealed: string; enabled_at: Date | null }[] = await this.dataSource.query(
      'SELECT secret_sealed, enabled_at FROM mfa_credentials WHERE user_id = $1',
      [userId],
    );
    return rows[0];
  }

  async enabledSecret(userId: string): Promise<string | undefined> {
    const rows: { secret_sealed: string }[] = await this.dataSource.query(
      'SELECT secret_sealed FROM mfa_credentials WHERE user_id = $1 AND enabled_at IS NOT NULL',
      [userId],
    );
    return rows[0]?.secret_sealed;
  }

  /** Turns MFA on, conditional on the secret just checked; false when it was replaced meanwhile. */
  async enable(
    manager: EntityManager,
    userId: string,
    sealed: string,
    step: number,
  ): Promise<boolean> {
    const [, updated]: [unknown, number] = await manager.query(
      `UPDATE mfa_credentials SET enabled_at = now(), last_used_step = $3, updated_at = now()
        WHERE user_id = $1 AND enabled_at IS NULL AND secret_sealed = $2`,
      [userId, sealed, step],
    );
    return updated === 1;
  }

  /** Turns MFA off; false when it was not on. The recovery codes go with it. */
  async disable(manager: EntityManager, userId: string): Promise<boolean> {
    const [, deleted]: [unknown, number] = await manager.query(
      'DELETE FROM mfa_credentials WHERE user_id = $1 AND enabled_at IS NOT NULL',
      [userId],
    );
    if (deleted !== 1) return false;
    await manager.query('DELETE FROM mfa_recovery_codes WHERE user_id = $1', [userId]);
    return true;
  }

  /** Forgets MFA altogether, an enrolment in progress too (an administrator's reset). */
  async forget(manager: EntityManager, userId: string): Promise<void> {
    await manager.query('DELETE FROM mfa_credentials WHERE user_id = $1', [userId]);
    await manager.query('DELETE FROM mfa_recovery_codes WHERE user_id = $1', [userId]);
  }

  /** Locks the enabled credential (ordering this against a concurrent disable); false when off. */
  async lockEnabled(manager: EntityManager, userId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      'SELECT 1 FROM mfa_credentials WHERE user_id = $1 AND enabled_at IS NOT NULL FOR UPDATE',
      [userId],
    );
    return rows.length > 0;
  }

  /** Accepts a time step only if it is later than the last one accepted (no replay). */
  async acceptStep(manager: EntityManager, userId: string, step: number): Promise<boolean> {
    const [, accepted]: [unknown, number] = await manager.query(
      `UPDATE mfa_credentials SET last_used_step = $2, updated_at = now()
        WHERE user_id = $1 AND enabled_at IS NOT NULL
          AND (last_used_step IS NULL OR last_used_step < $2)
       RETURNING user_id`,
      [userId, step],
    );
    return accepted === 1;
  }

  /** Uses a recovery code once; answers the codes left, or null when it was not a usable code. */
  async useRecoveryCode(
    manager: EntityManager,
    userId: string,
    codeHash: Buffer,
  ): Promise<number | null> {
    const [, used]: [unknown, number] = await manager.query(
      `UPDATE mfa_recovery_codes SET used_at = now()
        WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL AND ${mfaEnabledSql('$1')}
       RETURNING id`,
      [userId, codeHash],
    );
    if (used !== 1) return null;
    const [{ remaining }]: { remaining: number }[] = await manager.query(
      'SELECT count(*)::int AS remaining FROM mfa_recovery_codes WHERE user_id = $1 AND used_at IS NULL',
      [userId],
    );
    return remaining;
  }

  async replaceRecoveryCodes(
    manager: EntityManager,
    userId: string,
    codeHashes: Buffer[],
  ): Promise<void> {
    await manager.query('DELETE FROM mfa_recovery_codes WHERE user_id = $1', [userId]);
    await manager.query(
      `INSERT INTO mfa_recovery_codes (user_id, code_hash) SELECT $1, unnest($2::bytea[])`,
      [userId, codeHashes],
    );
  }
}

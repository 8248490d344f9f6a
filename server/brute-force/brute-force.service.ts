import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { bruteForceConfig } from './brute-force.config';

export interface AccountThrottle {
  /** The account may not be tried again before this instant (delay or lockout). */
  blockedUntil: Date | null;
  locked: boolean;
}

export interface FailureOutcome {
  failures: number;
  /** This failure is the one that locked the account. */
  lockedNow: boolean;
}

interface LockLimits {
  lockAfter: number;
  lockMinutes: number;
  resetHours: number;
}

/** The account's row of sign_in_throttles (scope 'account'), as read. */
export interface AccountThrottleRow {
  failures: number;
  last_failure_at: Date;
  locked_until: Date | null;
}

/** The client address's row of sign_in_throttles (scope 'address'), as read. */
export interface AddressThrottleRow {
  failures: number;
  first_failure_at: Date;
}

/**
 * Counts failed sign-ins per account and per client address in PostgreSQL, so the counts hold
 * across instances and under concurrency: every failure is one atomic upsert, never a
 * read-then-write in Node. Nothing here locks an account for good.
 */
@Injectable()
export class BruteForceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(bruteForceConfig.KEY) private readonly config: ConfigType<typeof bruteForceConfig>,
  ) {}

  /**
   * Seconds until the address of `row` may try again, or 0. Sign-in reads the row together with the
   * account (AuthService), in one query.
   */
  addressRetryAfterOf(row: AddressThrottleRow | null, now = new Date()): number {
    if (!row || row.failures < this.config.addressLimit) return 0;
    const windowEnds = row.first_failure_at.getTime() + this.config.addressWindowMinutes * 60_000;
    return Math.max(0, Math.ceil((windowEnds - now.getTime()) / 1000));
  }

  async accountThrottle(userId: string, now = new Date()): Promise<AccountThrottle> {
    const rows: AccountThrottleRow[] = await this.dataSource.query(
      `SELECT failures, last_failure_at, locked_until FROM sign_in_throttles WHERE scope = 'account' AND key = $1`,
      [userId],
    );
    return this.accountThrottleOf(rows[0] ?? null, now);
  }

  /** accountThrottle for a row already read. */
  accountThrottleOf(row: AccountThrottleRow | null, now = new Date()): AccountThrottle {
    if (!row || this.isForgotten(row.last_failure_at, now))
      return { blockedUntil: null, locked: false };
    if (row.locked_until && row.locked_until > now)
      return { blockedUntil: row.locked_until, locked: true };
    if (row.failures < this.config.delayAfter) return { blockedUntil: null, locked: false };
    const until = new Date(row.last_failure_at.getTime() + this.delaySeconds(row.failures) * 1000);
    return { blockedUntil: until > now ? until : null, locked: false };
  }

  /** Counts a failure against the account (when known) and the address, atomically. */
  async recordFailure(userId: string | null, address: string | null): Promise<FailureOutcome> {
    if (address) {
      await this.dataSource.query(
        `INSERT INTO sign_in_throttles AS t (scope, key, failures, first_failure_at, last_failure_at)
         VALUES ('address', $1, 1, now(), now())
         ON CONFLICT (scope, key) DO UPDATE SET
           failures = CASE WHEN t.first_failure_at < now() - make_interval(mins => $2) THEN 1 ELSE t.failures + 1 END,
           first_failure_at = CASE WHEN t.first_failure_at < now() - make_interval(mins => $2)
                                   THEN now() ELSE t.first_failure_at END,
           last_failure_at = now()`,
        [address, this.config.addressWindowMinutes],
      );
    }
    if (!userId) return { failures: 0, lockedNow: false };
    return this.countLockingFailure(this.dataSource.manager, 'account', userId, {
      lockAfter: this.config.lockAfter,
      lockMinutes: this.config.lockMinutes,
      resetHours: this.config.resetHours,
    });
  }

  /**
   * Whether the account's MFA code step is locked now: too many wrong codes (or recovery codes)
   * across all its pending sessions.
   */
  async isMfaLocked(
    userId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM sign_in_throttles WHERE scope = 'mfa' AND key = $1 AND locked_until > now()`,
      [userId],
    );
    return rows.length > 0;
  }

  /** Counts a wrong MFA code (or recovery code) against the account, atomically. */
  recordMfaFailure(
    userId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<FailureOutcome> {
    return this.countLockingFailure(manager, 'mfa', userId, {
      lockAfter: this.config.mfaLockAfter,
      lockMinutes: this.config.mfaLockMinutes,
      resetHours: this.config.mfaResetHours,
    });
  }

  /** A passed code step forgets the account's wrong codes. */
  async recordMfaSuccess(
    userId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(`DELETE FROM sign_in_throttles WHERE scope = 'mfa' AND key = $1`, [userId]);
  }

  /** A successful sign-in forgets the account's failures. */
  async recordSuccess(userId: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM sign_in_throttles WHERE scope = 'account' AND key = $1`,
      [userId],
    );
  }

  /**
   * Lifts a lockout of the password and of the MFA code step (administrators and the operator
   * CLI), in `manager`'s transaction when given; answers whether the account was locked.
   */
  async unlock(userId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    // A DELETE answers [rows, count] through TypeORM.
    const [rows]: [{ locked: boolean }[], number] = await manager.query(
      `DELETE FROM sign_in_throttles WHERE scope IN ('account', 'mfa') AND key = $1
       RETURNING COALESCE(locked_until > now(), false) AS locked`,
      [userId],
    );
    return rows.some((r) => r.locked);
  }

  /** Whether the account is locked out now, its password or its MFA code step (for lists and the CLI). */
  async isLocked(userId: string, now = new Date()): Promise<boolean> {
    return (await this.accountThrottle(userId, now)).locked || (await this.isMfaLocked(userId));
  }

  /**
   * One failure of a per-account counter, as one atomic upsert. A lock starts when the count
   * reaches the threshold while no lock is running; locked_at marks it, so exactly one of any
   * number of concurrent failures reports it.
   */
  private async countLockingFailure(
    manager: EntityManager,
    scope: 'account' | 'mfa',
    key: string,
    limits: LockLimits,
  ): Promise<FailureOutcome> {
    const rows: { failures: number; locked_now: boolean }[] = await manager.query(
      `INSERT INTO sign_in_throttles AS t (scope, key, failures, first_failure_at, last_failure_at, locked_until, locked_at)
       VALUES ($5, $1, 1, now(), now(),
               CASE WHEN 1 >= $3 THEN now() + make_interval(mins => $4) END,
               CASE WHEN 1 >= $3 THEN now() END)
       ON CONFLICT (scope, key) DO UPDATE SET
         failures = CASE WHEN t.last_failure_at < now() - make_interval(hours => $2) THEN 1 ELSE t.failures + 1 END,
         first_failure_at = CASE WHEN t.last_failure_at < now() - make_interval(hours => $2)
                                 THEN now() ELSE t.first_failure_at END,
         last_failure_at = now(),
         locked_until = CASE
           WHEN t.locked_until > now() THEN t.locked_until
           WHEN (CASE WHEN t.last_failure_at < now() - make_interval(hours => $2) THEN 1 ELSE t.failures + 1 END) >= $3
             THEN now() + make_interval(mins => $4)
           ELSE NULL END,
         locked_at = CASE
           WHEN t.locked_until > now() THEN t.locked_at
           WHEN (CASE WHEN t.last_failure_at < now() - make_interval(hours => $2) THEN 1 ELSE t.failures + 1 END) >= $3
             THEN now()
           ELSE NULL END
       RETURNING failures, locked_at IS NOT NULL AND locked_at = now() AS locked_now`,
      [key, limits.resetHours, limits.lockAfter, limits.lockMinutes, scope],
    );
    return { failures: rows[0].failures, lockedNow: rows[0].locked_now };
  }

  /**
   * Deletes the rows that no longer decide anything: an address's whose window has passed, and an
   * account's (password or MFA code step) whose failures are forgotten and whose lock, if any, has
   * ended. The next failure would start such a row afresh anyway; without this, every address that
   * ever failed once keeps its row. Answers how many were deleted.
   */
  async purgeStale(): Promise<number> {
    const [, deleted]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM sign_in_throttles
        WHERE (scope = 'address' AND first_failure_at < now() - make_interval(mins => $1))
           OR (scope = 'account' AND last_failure_at < now() - make_interval(hours => $2)
               AND (locked_until IS NULL OR locked_until <= now()))
           OR (scope = 'mfa' AND last_failure_at < now() - make_interval(hours => $3)
               AND (locked_until IS NULL OR locked_until <= now()))`,
      [this.config.addressWindowMinutes, this.config.resetHours, this.config.mfaResetHours],
    );
    return deleted;
  }

  private delaySeconds(failures: number): number {
    const steps = failures - this.config.delayAfter;
    return Math.min(this.config.baseDelaySeconds * 2 ** steps, this.config.maxDelaySeconds);
  }

  private isForgotten(lastFailureAt: Date, now: Date): boolean {
    return lastFailureAt.getTime() < now.getTime() - this.config.resetHours * 3_600_000;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { bruteForceConfig } from './brute-force.config';
import {
  type LockingRules,
  type LockingScope,
  lockingSql,
  windowSql,
  type WindowRules,
  type WindowScope,
} from './attempt-gate.sql';

export type { LockingScope, WindowScope } from './attempt-gate.sql';

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

/** An attempt at a secret, counted before the secret is checked. */
export interface Reservation {
  scope: LockingScope;
  key: string;
  /** Whether the secret may be checked; a refused attempt has been counted as a failure already. */
  admitted: boolean;
  /** Why a refused attempt was refused: a running lock, or the wait after repeated failures. */
  refusal: 'locked' | 'delayed' | null;
  /** The refusal is the attempt that started the lock. */
  lockedNow: boolean;
  failures: number;
}

/** The row a locking reservation answers (see lockingSql). */
export interface ReservationRow {
  admitted: boolean;
  failures: number;
  locked: boolean;
  locked_now: boolean;
}

/** An attempt counted in a window (a client address, an administrator's bulk uploads). */
export interface WindowAttempt {
  admitted: boolean;
  /** Seconds until the window ends, when refused. */
  retryAfter: number;
}

/** The row a window reservation answers (see windowSql). */
export interface WindowRow {
  failures: number;
  first_failure_at: Date;
  admitted: boolean;
}

/** A statement fragment for the caller's own WITH clause, with its parameters. */
export interface StatementPart {
  ctes: string[];
  values: unknown[];
}

/**
 * The attempt gate: every check of a secret (a sign-in's password, a current-password
 * confirmation, an MFA code or recovery code) is first *reserved* on its counter in PostgreSQL, by
 * one atomic upsert that refuses it when the account is locked, must wait, or already has as many
 * attempts in flight as may still fail before the lock. So N concurrent attempts, on one instance
 * or several, never check more secrets than the thresholds allow; a refused attempt counts as a
 * failure, as a wrong secret does. The caller then settles the reservation: `fail` (a wrong
 * secret; may start the lock), `succeed` (forgets the failures, but never a lock that is running)
 * or `cancel` (not checked at all, e.g. the hashing queue was full). Client addresses and an
 * administrator's bulk uploads are counted in windows instead. Nothing locks an account for good.
 */
@Injectable()
export class BruteForceService {
  private readonly account: ReturnType<typeof lockingSql>;
  private readonly mfa: ReturnType<typeof lockingSql>;
  private readonly address: ReturnType<typeof windowSql>;
  private readonly bulkIssue: ReturnType<typeof windowSql>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(bruteForceConfig.KEY) private readonly config: ConfigType<typeof bruteForceConfig>,
  ) {
    this.account = lockingSql('account', this.accountRules);
    this.mfa = lockingSql('mfa', {
      lockAfter: config.mfaLockAfter,
      lockMinutes: config.mfaLockMinutes,
      resetHours: config.mfaResetHours,
      delay: null,
    });
    this.address = windowSql('address', this.addressRules);
    this.bulkIssue = windowSql('bulk_issue', {
      limit: config.bulkIssueLimit,
      windowMinutes: config.bulkIssueWindowMinutes,
    });
  }

  private get accountRules(): LockingRules {
    return {
      lockAfter: this.config.lockAfter,
      lockMinutes: this.config.lockMinutes,
      resetHours: this.config.resetHours,
      delay: {
        after: this.config.delayAfter,
        baseSeconds: this.config.baseDelaySeconds,
        maxSeconds: this.config.maxDelaySeconds,
      },
    };
  }

  private get addressRules(): WindowRules {
    return { limit: this.config.addressLimit, windowMinutes: this.config.addressWindowMinutes };
  }

  private locking(scope: LockingScope) {
    return scope === 'account' ? this.account : this.mfa;
  }

  private window(scope: WindowScope) {
    return scope === 'address' ? this.address : this.bulkIssue;
  }

  /**
   * The sign-in's reservations as parts of its own statement (AuthService reads the account in the
   * same round trip): the address's window, counted for every attempt when `addressParam` is not
   * null, and the account's, reserved for the account rows of `accountSource` (a CTE with a column
   * `id`) only when the address was admitted. The CTEs are named `address_attempt` (columns of
   * WindowRow) and `account_attempt` (columns of ReservationRow).
   */
  signInReservationSql(addressParam: string, accountSource: string): string[] {
    return [
      `address_attempt AS (${this.address.reserve(addressParam)})`,
      `account_attempt AS (${this.account.reserve(
        `${accountSource}.id::text`,
        `FROM ${accountSource} WHERE NOT EXISTS (
           SELECT 1 FROM address_attempt WHERE NOT address_attempt.admitted)`,
      )})`,
    ];
  }

  /** What the sign-in's address reservation decided, from its row. */
  windowAttemptOf(row: WindowRow | null, scope: WindowScope = 'address'): WindowAttempt {
    if (!row || row.admitted) return { admitted: true, retryAfter: 0 };
    const rules = scope === 'address' ? this.addressRules : this.bulkIssueRules;
    const windowEnds = row.first_failure_at.getTime() + rules.windowMinutes * 60_000;
    return {
      admitted: false,
      retryAfter: Math.max(1, Math.ceil((windowEnds - Date.now()) / 1000)),
    };
  }

  private get bulkIssueRules(): WindowRules {
    return {
      limit: this.config.bulkIssueLimit,
      windowMinutes: this.config.bulkIssueWindowMinutes,
    };
  }

  /** What an account reservation decided, from its row. */
  reservationOf(scope: LockingScope, key: string, row: ReservationRow): Reservation {
    return {
      scope,
      key,
      admitted: row.admitted,
      refusal: row.admitted ? null : row.locked ? 'locked' : 'delayed',
      lockedNow: row.locked_now,
      failures: row.failures,
    };
  }

  /** Reserves one attempt at the secret of `key` (an account id) in `scope`. */
  async reserve(
    scope: LockingScope,
    key: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Reservation> {
    const rows: ReservationRow[] = await manager.query(this.locking(scope).reserve('$1::text'), [
      key,
    ]);
    return this.reservationOf(scope, key, rows[0]);
  }

  /** The reserved attempt's secret was wrong: one more failure, which may start the lock. */
  async fail(
    reservation: Reservation,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<FailureOutcome> {
    const rows: { failures: number; locked_now: boolean }[] = await manager.query(
      this.locking(reservation.scope).fail('$1'),
      [reservation.key],
    );
    return { failures: rows[0].failures, lockedNow: rows[0].locked_now };
  }

  /** The reserved attempt's secret was right: the failures are forgotten, unless a lock is running. */
  async succeed(
    reservation: Reservation,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    const [forget, settle] = this.locking(reservation.scope).succeed('$1::text');
    await manager.query(`WITH forgotten AS (${forget}) ${settle}`, [reservation.key]);
  }

  /**
   * `succeed` for the account and the release of the address's attempt, as parts of the caller's
   * own statement (the sign-in's session), with parameters numbered from `firstParam`.
   */
  signInSuccessSql(userId: string, address: string | null, firstParam: number): StatementPart {
    return {
      ctes: [
        ...this.account
          .succeed(`$${firstParam}::text`)
          .map((sql, i) => `account_attempt_settled_${i} AS (${sql} RETURNING 1)`),
        `address_attempt_released AS (${this.address.release(`$${firstParam + 1}::text`)} RETURNING 1)`,
      ],
      values: [userId, address],
    };
  }

  /** The reserved attempt was not checked at all (e.g. the hashing queue was full). */
  async cancel(reservation: Reservation): Promise<void> {
    await this.dataSource.query(this.locking(reservation.scope).cancel('$1'), [reservation.key]);
  }

  /** Counts one attempt of `key` in the window of `scope`. */
  async reserveWindow(scope: WindowScope, key: string): Promise<WindowAttempt> {
    const rows: WindowRow[] = await this.dataSource.query(this.window(scope).reserve('$1::text'), [
      key,
    ]);
    return this.windowAttemptOf(rows[0] ?? null, scope);
  }

  /** Takes back one attempt of `key` in the window of `scope` (it succeeded, or was not checked). */
  async releaseWindow(scope: WindowScope, key: string | null): Promise<void> {
    if (key === null) return;
    await this.dataSource.query(this.window(scope).release('$1::text'), [key]);
  }

  /** Whether the account is locked out now (password or MFA code step), for the operator's list. */
  async accountThrottle(userId: string, now = new Date()): Promise<AccountThrottle> {
    const rows: AccountThrottleRow[] = await this.dataSource.query(
      `SELECT failures, last_failure_at, locked_until FROM sign_in_throttles WHERE scope = 'account' AND key = $1`,
      [userId],
    );
    return this.accountThrottleOf(rows[0] ?? null, now);
  }

  /** accountThrottle for a row already read (failures settled; attempts in flight aside). */
  accountThrottleOf(row: AccountThrottleRow | null, now = new Date()): AccountThrottle {
    if (!row || this.isForgotten(row.last_failure_at, now))
      return { blockedUntil: null, locked: false };
    if (row.locked_until && row.locked_until > now)
      return { blockedUntil: row.locked_until, locked: true };
    if (row.failures < this.config.delayAfter) return { blockedUntil: null, locked: false };
    const until = new Date(row.last_failure_at.getTime() + this.delaySeconds(row.failures) * 1000);
    return { blockedUntil: until > now ? until : null, locked: false };
  }

  /** Whether the account's MFA code step is locked now. */
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
   * Deletes the rows that no longer decide anything: a window's (address, bulk uploads) that has
   * passed, and an account's (password or MFA code step) whose failures are forgotten (or were
   * settled by a success) with no lock running and no attempt in flight. The next attempt would
   * start such a row afresh anyway; without this, every address that ever failed once keeps its
   * row. Answers how many were deleted.
   */
  async purgeStale(): Promise<number> {
    const [, deleted]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM sign_in_throttles
        WHERE (scope = 'address' AND first_failure_at < now() - make_interval(mins => $1))
           OR (scope = 'bulk_issue' AND first_failure_at < now() - make_interval(mins => $4))
           OR (scope IN ('account', 'mfa')
               AND (locked_until IS NULL OR locked_until <= now())
               AND (reserved = 0 OR reserved_at IS NULL OR reserved_at < now() - interval '1 minute')
               AND (failures = 0
                    OR (scope = 'account' AND last_failure_at < now() - make_interval(hours => $2))
                    OR (scope = 'mfa' AND last_failure_at < now() - make_interval(hours => $3))))`,
      [
        this.config.addressWindowMinutes,
        this.config.resetHours,
        this.config.mfaResetHours,
        this.config.bulkIssueWindowMinutes,
      ],
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

/** The account's row of sign_in_throttles (scope 'account'), as read. */
export interface AccountThrottleRow {
  failures: number;
  last_failure_at: Date;
  locked_until: Date | null;
}

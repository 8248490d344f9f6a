/**
 * The SQL of the attempt gate (BruteForceService), one table: sign_in_throttles. Thresholds are
 * validated integers from the configuration, written into the text, so that every statement is
 * the same for the life of the process (and can be prepared once); only keys are parameters.
 */

/** Counters that lock: an account's password (with delays first) and its MFA code step. */
export type LockingScope = 'account' | 'mfa';

/** Counters per window: a client address, an administrator's refused bulk uploads. */
export type WindowScope = 'address' | 'bulk_issue';

export interface LockingRules {
  lockAfter: number;
  lockMinutes: number;
  resetHours: number;
  /** Progressive delay after `after` failures (base × 2^n seconds, capped), or none. */
  delay: { after: number; baseSeconds: number; maxSeconds: number } | null;
}

export interface WindowRules {
  limit: number;
  windowMinutes: number;
}

/**
 * A reservation whose process died (a crash mid-check) stops counting after this long; a real check
 * takes at most the hashing queue's wait plus one hash.
 */
export const STALE_RESERVATION_SECONDS = 60;

function int(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`not a count: ${value}`);
  return String(value);
}

/**
 * Expressions over the existing row `t`, as the statements of one scope see it. `reserved` counts
 * admitted attempts whose outcome is not known yet; together with the settled failures they decide
 * whether one more attempt may be checked.
 */
function lockingTerms(rules: LockingRules) {
  const forgotten = `(t.last_failure_at < now() - make_interval(hours => ${int(rules.resetHours)}))`;
  const base = `(CASE WHEN ${forgotten} THEN 0 ELSE t.failures END)`;
  const running = `COALESCE(t.locked_until > now(), false)`;
  const inFlight = `(CASE WHEN ${forgotten} OR t.reserved_at IS NULL
        OR t.reserved_at < now() - make_interval(secs => ${STALE_RESERVATION_SECONDS})
        THEN 0 ELSE t.reserved END)`;
  const counted = `(${base} + ${inFlight})`;
  const lockAfter = int(rules.lockAfter);
  const delay = rules.delay;
  // The wait follows the settled failures and runs from the last attempt, admitted ones included,
  // so that past the threshold even concurrent attempts get one check per wait.
  const delayed = delay
    ? `(${base} >= ${int(delay.after)} AND t.last_failure_at + make_interval(secs =>
          LEAST(${int(delay.baseSeconds)} * power(2, LEAST(${base} - ${int(delay.after)}, 30)),
                ${int(delay.maxSeconds)})) > now())`
    : 'false';
  // Attempts in flight that could all still fail hold the next one back once, with the settled
  // failures, they reach the lock's threshold: that is what keeps a burst to the threshold. With
  // none in flight, an account past its (ended) lock gets one attempt.
  const blocked = `(${running} OR (${inFlight} > 0 AND ${counted} >= ${lockAfter}) OR ${delayed})`;
  const lockUntil = `now() + make_interval(mins => ${int(rules.lockMinutes)})`;
  /** locked_until and locked_at after one more failure on top of `failures` settled ones. */
  const lockAfterFailure = (failures: string) => ({
    until: `CASE WHEN ${running} THEN t.locked_until WHEN ${failures} + 1 >= ${lockAfter} THEN ${lockUntil} END`,
    at: `CASE WHEN ${running} THEN t.locked_at WHEN ${failures} + 1 >= ${lockAfter} THEN now() END`,
  });
  return { forgotten, base, running, inFlight, blocked, lockAfter, lockUntil, lockAfterFailure };
}

/** The statements of a locking scope. `key` arguments are SQL (a parameter such as `$1::text`). */
export function lockingSql(scope: LockingScope, rules: LockingRules) {
  const t = lockingTerms(rules);
  const where = (key: string) => `t.scope = '${scope}' AND t.key = ${key}`;
  const refusedLock = {
    until: `CASE WHEN ${t.running} THEN t.locked_until
                 WHEN ${t.blocked} AND ${t.base} + 1 >= ${t.lockAfter} THEN ${t.lockUntil} END`,
    at: `CASE WHEN ${t.running} THEN t.locked_at
              WHEN ${t.blocked} AND ${t.base} + 1 >= ${t.lockAfter} THEN now() END`,
  };
  const failed = t.lockAfterFailure(t.base);
  return {
    /**
     * Reserves one attempt for each row of `from` (e.g. `FROM account WHERE …`; empty: one attempt
     * for `key`). Admitted: counted in flight. Refused: counted as a failure at once, and it starts
     * the lock when it reaches the threshold. Answers ReservationRow.
     */
    reserve: (key: string, from = '') =>
      `INSERT INTO sign_in_throttles AS t
              (scope, key, failures, reserved, reserved_at, first_failure_at, last_failure_at, admitted)
       SELECT '${scope}', ${key}, 0, 1, now(), now(), now(), true ${from}
       ON CONFLICT (scope, key) DO UPDATE SET
         admitted = NOT ${t.blocked},
         failures = ${t.base} + CASE WHEN ${t.blocked} THEN 1 ELSE 0 END,
         reserved = ${t.inFlight} + CASE WHEN ${t.blocked} THEN 0 ELSE 1 END,
         reserved_at = CASE WHEN ${t.blocked} THEN t.reserved_at ELSE now() END,
         first_failure_at = CASE WHEN ${t.forgotten} THEN now() ELSE t.first_failure_at END,
         last_failure_at = now(),
         locked_until = ${refusedLock.until},
         locked_at = ${refusedLock.at}
       RETURNING admitted, failures, COALESCE(locked_until > now(), false) AS locked,
                 COALESCE(locked_at = now(), false) AS locked_now`,
    /** A reserved attempt failed. An upsert: an unlock may have deleted the row meanwhile. */
    fail: (key: string) =>
      `INSERT INTO sign_in_throttles AS t
              (scope, key, failures, reserved, first_failure_at, last_failure_at, locked_until, locked_at)
       VALUES ('${scope}', ${key}, 1, 0, now(), now(),
               CASE WHEN 1 >= ${t.lockAfter} THEN ${t.lockUntil} END,
               CASE WHEN 1 >= ${t.lockAfter} THEN now() END)
       ON CONFLICT (scope, key) DO UPDATE SET
         failures = ${t.base} + 1,
         reserved = GREATEST(${t.inFlight} - 1, 0),
         first_failure_at = CASE WHEN ${t.forgotten} THEN now() ELSE t.first_failure_at END,
         last_failure_at = now(),
         locked_until = ${failed.until},
         locked_at = ${failed.at}
       RETURNING failures, COALESCE(locked_at = now(), false) AS locked_now`,
    /**
     * A reserved attempt succeeded: the failures are forgotten, never a running lock. Two parts for
     * one WITH clause, of which exactly one touches the row: with no lock running and no other
     * attempt in flight the row goes (it decides nothing), else it is settled in place.
     */
    succeed: (key: string) => {
      const forgettable = `NOT ${t.running} AND ${t.inFlight} <= 1`;
      return [
        `DELETE FROM sign_in_throttles t WHERE ${where(key)} AND ${forgettable}`,
        `UPDATE sign_in_throttles t SET
           reserved = GREATEST(${t.inFlight} - 1, 0),
           failures = CASE WHEN ${t.running} THEN t.failures ELSE 0 END
         WHERE ${where(key)} AND NOT (${forgettable})`,
      ] as const;
    },
    /** A reserved attempt was never checked. */
    cancel: (key: string) =>
      `UPDATE sign_in_throttles t SET reserved = GREATEST(${t.inFlight} - 1, 0) WHERE ${where(key)}`,
  };
}

/**
 * The statements of a window scope: every admitted attempt counts until it is known to have
 * succeeded (then it is taken back). A refused attempt does not count: a rush of sign-ins from one
 * office's address that outruns the limit for a moment must not block that address for the rest of
 * the window once the rush has been served.
 */
export function windowSql(scope: WindowScope, rules: WindowRules) {
  const over = `t.first_failure_at < now() - make_interval(mins => ${int(rules.windowMinutes)})`;
  const room = `t.failures < ${int(rules.limit)}`;
  return {
    /** Counts one attempt when there is room (none when `key` is NULL); answers WindowRow. */
    reserve: (key: string) =>
      `INSERT INTO sign_in_throttles AS t
              (scope, key, failures, first_failure_at, last_failure_at, admitted)
       SELECT '${scope}', ${key}, 1, now(), now(), ${int(rules.limit)} >= 1 WHERE ${key} IS NOT NULL
       ON CONFLICT (scope, key) DO UPDATE SET
         admitted = ${over} OR ${room},
         failures = CASE WHEN ${over} THEN 1 WHEN ${room} THEN t.failures + 1 ELSE t.failures END,
         first_failure_at = CASE WHEN ${over} THEN now() ELSE t.first_failure_at END,
         last_failure_at = now()
       RETURNING failures, first_failure_at, admitted`,
    /** Takes one attempt back, in the window that counted it. */
    release: (key: string) =>
      `UPDATE sign_in_throttles t SET failures = GREATEST(t.failures - 1, 0)
        WHERE t.scope = '${scope}' AND t.key = ${key} AND NOT (${over})`,
  };
}

/**
 * SQL that is true while the account whose id is `userIdSql` is locked, for its password or its MFA
 * code step (BruteForceService.isLocked), looked up by the primary key of sign_in_throttles (scope,
 * key). An EXISTS, not a join: an account locked in both scopes is still one row, and as a filter
 * it becomes a semi- or anti-join.
 */
export function accountLockedSql(userIdSql: string): string {
  return `EXISTS (SELECT 1 FROM sign_in_throttles t
                   WHERE t.scope IN ('account', 'mfa') AND t.key = ${userIdSql}::text AND t.locked_until > now())`;
}

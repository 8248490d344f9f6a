import { accountLockedSql } from '../brute-force/attempt-gate.sql';
import { accountEndsOnSql } from '../organizations/contract-dates.sql';

/**
 * What an administrator sees of an account, in the order the checks apply at sign-in: a lockout is
 * checked before the password, the rest after it. The list filter and the client's labels follow
 * this list.
 */
export const ACCOUNT_STATES = [
  'locked',
  'disabled',
  'expired',
  'password_change_pending',
  'active',
] as const;
export type AccountState = (typeof ACCOUNT_STATES)[number];

const LOCKED = accountLockedSql('u.id');

/**
 * The state as SQL over `u` (users) and `o` (organizations), with `$today` the parameter that holds
 * the current date in the account time zone. One expression, so that the column and the filter
 * cannot disagree.
 */
export function accountStateSql(today: string): string {
  return `CASE
    WHEN ${LOCKED} THEN 'locked'
    WHEN u.disabled THEN 'disabled'
    WHEN ${accountEndsOnSql('u', 'o')} < ${today}::date THEN 'expired'
    WHEN u.password_is_temporary THEN 'password_change_pending'
    ELSE 'active' END`;
}

/** The same states as WHERE conditions, written so that the indexes on users can serve them. */
export function accountStateConditionSql(state: AccountState, today: string): string {
  const expired = `${accountEndsOnSql('u', 'o')} < ${today}::date`;
  switch (state) {
    case 'locked':
      return LOCKED;
    case 'disabled':
      return `NOT ${LOCKED} AND u.disabled`;
    case 'expired':
      return `NOT ${LOCKED} AND NOT u.disabled AND ${expired}`;
    case 'password_change_pending':
      return `NOT ${LOCKED} AND NOT u.disabled AND NOT COALESCE(${expired}, false) AND u.password_is_temporary`;
    case 'active':
      return `NOT ${LOCKED} AND NOT u.disabled AND NOT COALESCE(${expired}, false) AND NOT u.password_is_temporary`;
  }
}

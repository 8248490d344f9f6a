/**
 * What an administrator sees of an account, in the order the checks apply. Lockout ('locked') and
 * MFA add their states here when those features exist; the list filter and the client's labels
 * follow this list.
 */
export const ACCOUNT_STATES = ['disabled', 'expired', 'password_change_pending', 'active'] as const;
export type AccountState = (typeof ACCOUNT_STATES)[number];

/**
 * The state as SQL over `u` (users) and `o` (organizations), with `$today` the parameter that holds
 * the current date in the account time zone. One expression, so that the column and the filter
 * cannot disagree.
 */
export function accountStateSql(today: string): string {
  return `CASE
    WHEN u.disabled THEN 'disabled'
    WHEN LEAST(u.expires_on, o.service_ends_on) < ${today}::date THEN 'expired'
    WHEN u.password_is_temporary THEN 'password_change_pending'
    ELSE 'active' END`;
}

/** The same states as WHERE conditions, written so that the indexes on users can serve them. */
export function accountStateConditionSql(state: AccountState, today: string): string {
  const expired = `LEAST(u.expires_on, o.service_ends_on) < ${today}::date`;
  switch (state) {
    case 'disabled':
      return 'u.disabled';
    case 'expired':
      return `NOT u.disabled AND ${expired}`;
    case 'password_change_pending':
      return `NOT u.disabled AND NOT COALESCE(${expired}, false) AND u.password_is_temporary`;
    case 'active':
      return `NOT u.disabled AND NOT COALESCE(${expired}, false) AND NOT u.password_is_temporary`;
  }
}

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

/** What an account's state is made of, as read with the account (or as a change leaves it). */
export interface AccountStateFacts {
  locked: boolean;
  disabled: boolean;
  /** The earlier of the account's own expiry and its contract's end. */
  effectiveExpiresOn: string | null;
  passwordIsTemporary: boolean;
}

/**
 * The state of an account, in the order of ACCOUNT_STATES; `today` is the current date in the
 * account time zone. The list filter below says the same in SQL.
 */
export function accountState(facts: AccountStateFacts, today: string): AccountState {
  if (facts.locked) return 'locked';
  if (facts.disabled) return 'disabled';
  if (facts.effectiveExpiresOn !== null && facts.effectiveExpiresOn < today) return 'expired';
  if (facts.passwordIsTemporary) return 'password_change_pending';
  return 'active';
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

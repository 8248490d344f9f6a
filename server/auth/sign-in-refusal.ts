import { isAccountExpired } from '../users/account-dates';
import type { AuthErrorCode } from './auth.errors';

/** What a sign-in checks of the account once its secret (a password, a passkey) is proved. */
export interface AccountToSignIn {
  disabled: boolean;
  /** The account's last day, already the earlier of its own and its contract's. */
  expiresOn: string | null;
  passwordIsTemporary: boolean;
  temporaryPasswordExpiresAt: Date | null;
}

/**
 * Why the account may not sign in now although its secret was right, or null: it is disabled, past
 * its last day in the service's time zone, or its temporary password has expired. The one rule of
 * every way of signing in (password and passkey); `reason` is the audit event's.
 */
export function signInRefusal(
  account: AccountToSignIn,
  timeZone: string,
  now: Date,
): { code: AuthErrorCode; reason: string } | null {
  if (account.disabled) return { code: 'ACCOUNT_DISABLED', reason: 'disabled' };
  if (isAccountExpired(account.expiresOn, timeZone, now)) {
    return { code: 'ACCOUNT_EXPIRED', reason: 'expired' };
  }
  if (
    account.passwordIsTemporary &&
    account.temporaryPasswordExpiresAt !== null &&
    account.temporaryPasswordExpiresAt <= now
  ) {
    return { code: 'TEMPORARY_PASSWORD_EXPIRED', reason: 'temporary_password_expired' };
  }
  return null;
}

/** How long a session may wait for its MFA code after the right password. */
export const MFA_PENDING_MS = 5 * 60_000;

/** Wrong codes a pending session may send; the next one ends it. */
export const MFA_MAX_FAILED_ATTEMPTS = 5;

/**
 * SQL that is true when signing in as the account whose id is `userIdSql` (a parameter such as `$1`)
 * needs the code step: TOTP confirmed (not just started), or a passkey registered (server/passkeys). Sign-in folds it into its own statement.
 */
export function mfaEnabledSql(userIdSql: string): string {
  return `(EXISTS (SELECT 1 FROM mfa_credentials WHERE user_id = ${userIdSql} AND enabled_at IS NOT NULL)
           OR EXISTS (SELECT 1 FROM passkeys WHERE user_id = ${userIdSql}))`;
}

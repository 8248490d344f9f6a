/**
 * SQL that is true when the account whose id is `userIdSql` (a column or a parameter such as `$1`)
 * has MFA on: confirmed, not just started. Sign-in and the account list fold it into their own
 * statements; it is the one definition of "MFA enabled".
 */
export function mfaEnabledSql(userIdSql: string): string {
  return `EXISTS (SELECT 1 FROM mfa_credentials WHERE user_id = ${userIdSql} AND enabled_at IS NOT NULL)`;
}

/**
 * Fragments of SQL on `users` for the hot paths that must do their whole work in one statement
 * (starting a session). They live here so that `users` keeps one owner even there.
 */

/** A data-modifying CTE body: stamps the sign-in of the account whose id is `userIdSql`. */
export function stampSignInSql(userIdSql: string): string {
  return `UPDATE users SET last_sign_in_at = now() WHERE id = ${userIdSql} RETURNING id`;
}

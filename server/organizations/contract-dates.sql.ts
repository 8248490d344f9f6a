/**
 * The one definition of the day an account can last be used: the earlier of its own expiry and its
 * contract's service end. LEAST ignores NULL, so the contract's end counts when it comes first or
 * alone. `user` and `contract` are the aliases of `users` and `organizations` in the caller's query.
 */
export function accountEndsOnSql(user = 'u', contract = 'o'): string {
  return `LEAST(${user}.expires_on, ${contract}.service_ends_on)`;
}

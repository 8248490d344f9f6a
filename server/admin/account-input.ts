import type { FieldProblem } from '../http/app-error';
import { isIsoDate } from '../users/account-dates';
import { USERNAME_PATTERN } from '../users/users.service';
import { adminFieldProblem } from './admin.errors';

/** The problems of a username an administrator typed or uploaded. */
export function usernameProblems(username: string, field: string): FieldProblem[] {
  if (username === '') return [{ field, code: 'REQUIRED' }];
  return USERNAME_PATTERN.test(username) ? [] : [adminFieldProblem('USERNAME_INVALID', field)];
}

/**
 * The problems of an expiry date (null: none) for an account of a contract that ends on
 * `contractEnds`; a past date is allowed only when `pastAllowed` (setting it ends the account now).
 */
export function expiryProblems(
  expiresOn: string | null,
  {
    contractEnds,
    today,
    pastAllowed,
  }: { contractEnds: string | null; today: string; pastAllowed: boolean },
  field: string,
): FieldProblem[] {
  if (expiresOn === null) return [];
  if (!isIsoDate(expiresOn)) return [adminFieldProblem('EXPIRY_INVALID', field)];
  if (!pastAllowed && expiresOn < today) return [adminFieldProblem('EXPIRY_IN_PAST', field)];
  if (contractEnds !== null && expiresOn > contractEnds) {
    return [adminFieldProblem('EXPIRY_AFTER_CONTRACT_END', field)];
  }
  return [];
}

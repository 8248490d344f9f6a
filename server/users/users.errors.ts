import { defineFieldProblems } from '../http/app-error';

export type UsersErrorCode =
  'USERNAME_INVALID' | 'USERNAME_TAKEN' | 'ACCOUNT_NOT_FOUND' | 'EXPIRY_INVALID';

const MESSAGES = {
  USERNAME_INVALID:
    'A username is 1 to 64 characters: letters A-Z a-z, digits, and . _ @ - (not first).',
  USERNAME_TAKEN: 'That username is already in use (usernames are unique regardless of case).',
  ACCOUNT_NOT_FOUND: 'No account has that username.',
  EXPIRY_INVALID: 'The expiry date must be a real date in the form YYYY-MM-DD.',
} as const satisfies Record<UsersErrorCode, string>;

export class UsersError extends Error {
  constructor(readonly code: UsersErrorCode) {
    super(MESSAGES[code]);
    this.name = 'UsersError';
  }
}

/** The field problem of a current password typed again (see PasswordConfirmation). */
export const usersFieldProblem = defineFieldProblems({
  CURRENT_PASSWORD_INCORRECT: {
    ja: () => '現在のパスワードが正しくありません。',
    en: () => 'The current password is incorrect.',
  },
});

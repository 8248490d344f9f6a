import { ApiError } from '../../core/api/api-error';

export type LoginField = 'username' | 'password';

/** One problem of the login form: tied to a field, or about the sign-in as a whole. */
export interface LoginProblem {
  readonly field: LoginField | null;
  readonly message: string;
}

export function requiredMessage(field: LoginField): string {
  switch (field) {
    case 'username':
      return $localize`:@@login.error.usernameRequired:ユーザ名を入力してください。`;
    case 'password':
      return $localize`:@@login.error.passwordRequired:パスワードを入力してください。`;
  }
}

function isLoginField(field: string): field is LoginField {
  return field === 'username' || field === 'password';
}

/** The manual's support line, after every refused sign-in that does not already name its way out. */
export function supportLine(): string {
  return $localize`:@@login.error.support:しばらくしてから再度お試しいただくか、アカウント管理者にお問い合わせください。`;
}

function unavailable(): LoginProblem[] {
  return [
    {
      field: null,
      message: $localize`:@@login.error.unavailable:ログインできませんでした。しばらくしてから再度お試しください。`,
    },
  ];
}

function general(message: string): LoginProblem[] {
  return [{ field: null, message }];
}

/**
 * What the login page says about a refused sign-in, by the server's code. Wrong username and
 * wrong password (and lockout) are one 401 with one message, so nothing tells which was wrong.
 */
export function loginProblems(error: ApiError | null): LoginProblem[] {
  if (!error) return unavailable();
  switch (error.code) {
    case 'INVALID_CREDENTIALS':
      // One answer for a wrong name, a wrong password and a locked account; the support line is
      // what the manual's operators tell each of them.
      return general(
        `${$localize`:@@login.error.invalidCredentials:ユーザ名またはパスワードが正しくありません。`}${supportLine()}`,
      );
    case 'ACCOUNT_EXPIRED':
      return general(
        $localize`:@@login.error.accountExpired:このアカウントは有効期限が切れています。アカウント管理者にお問い合わせください。`,
      );
    case 'ACCOUNT_DISABLED':
      return general(
        $localize`:@@login.error.accountDisabled:このアカウントは無効になっています。アカウント管理者にお問い合わせください。`,
      );
    case 'ACCOUNT_LOCKED':
      // Only a passkey sign-in is told: a password sign-in hides the lock.
      return general(
        $localize`:@@login.error.accountLocked:このアカウントはロックされています。しばらく待ってから再度お試しいただくか、アカウント管理者にお問い合わせください。`,
      );
    case 'TEMPORARY_PASSWORD_EXPIRED':
      return general(
        $localize`:@@login.error.temporaryPasswordExpired:仮パスワードの有効期限が切れています。アカウント管理者に仮パスワードの再発行を依頼してください。`,
      );
    case 'VALIDATION_FAILED':
      if (error.errors.length === 0) return unavailable();
      return error.errors.map(({ field, code, message }) => {
        if (!isLoginField(field)) return { field: null, message: message || error.message };
        return { field, message: code === 'REQUIRED' ? requiredMessage(field) : message };
      });
    default:
      return unavailable();
  }
}

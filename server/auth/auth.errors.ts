import { HttpStatus } from '@nestjs/common';
import { defineErrors, defineFieldProblems } from '../http/app-error';

/** Why signing in or changing the password failed. */
export const authError = defineErrors({
  INVALID_CREDENTIALS: {
    status: HttpStatus.UNAUTHORIZED,
    ja: 'ユーザ名またはパスワードが正しくありません。',
    en: 'The username or password is incorrect.',
  },
  ACCOUNT_EXPIRED: {
    status: HttpStatus.FORBIDDEN,
    ja: 'このアカウントは有効期限が切れています。アカウント管理者にお問い合わせください。',
    en: 'This account has expired. Please contact your account administrator.',
  },
  ACCOUNT_DISABLED: {
    status: HttpStatus.FORBIDDEN,
    ja: 'このアカウントは無効になっています。アカウント管理者にお問い合わせください。',
    en: 'This account has been disabled. Please contact your account administrator.',
  },
  TEMPORARY_PASSWORD_EXPIRED: {
    status: HttpStatus.FORBIDDEN,
    ja: '仮パスワードの有効期限が切れています。アカウント管理者に再発行を依頼してください。',
    en: 'The temporary password has expired. Please ask your account administrator to issue a new one.',
  },
  TOO_MANY_ATTEMPTS: {
    status: HttpStatus.TOO_MANY_REQUESTS,
    ja: 'ログインの試行が多すぎます。しばらく待ってから再度お試しください。',
    en: 'Too many sign-in attempts. Please wait a while and try again.',
  },
});

export type AuthErrorCode = Parameters<typeof authError>[0];

export const authFieldProblem = defineFieldProblems({
  CONFIRMATION_MISMATCH: {
    ja: () => '新しいパスワードと確認用のパスワードが一致しません。',
    en: () => 'The new password and its confirmation do not match.',
  },
});

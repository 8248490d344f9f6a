import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '../http/app-error';

/** What a session in its state may not do yet. */
export const sessionError = defineErrors({
  PASSWORD_CHANGE_REQUIRED: {
    status: HttpStatus.FORBIDDEN,
    ja: 'このアカウントの利用を開始するためにはパスワードを変更する必要があります。',
    en: 'You need to change your password before you can start using this account.',
  },
  MFA_REQUIRED: {
    status: HttpStatus.FORBIDDEN,
    ja: '認証アプリに表示されている6桁のコードを入力してください。',
    en: 'Enter the 6-digit code shown in your authenticator app.',
  },
  MFA_SESSION_ENDED: {
    status: HttpStatus.UNAUTHORIZED,
    ja: 'コードの誤りが上限に達したか、入力の期限が切れました。もう一度ログインしてください。',
    en: 'Too many incorrect codes, or the time to enter the code ran out. Please sign in again.',
  },
});

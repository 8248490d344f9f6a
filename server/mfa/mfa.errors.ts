import { HttpStatus } from '@nestjs/common';
import { defineErrors, defineFieldProblems } from '../http/app-error';

export const mfaError = defineErrors({
  MFA_ALREADY_ENABLED: {
    status: HttpStatus.CONFLICT,
    ja: '多要素認証はすでに有効です。',
    en: 'Multi-factor authentication is already on.',
  },
  MFA_NOT_ENABLED: {
    status: HttpStatus.CONFLICT,
    ja: '多要素認証は有効ではありません。',
    en: 'Multi-factor authentication is off.',
  },
  MFA_ENROLLMENT_NOT_STARTED: {
    status: HttpStatus.CONFLICT,
    ja: '多要素認証の設定を最初からやり直してください。',
    en: 'Please start setting up multi-factor authentication again.',
  },
  MFA_NOT_PENDING: {
    status: HttpStatus.CONFLICT,
    ja: 'このセッションではコードの入力は必要ありません。',
    en: 'This session does not need a code.',
  },
});

export const mfaFieldProblem = defineFieldProblems({
  MFA_CODE_INVALID: {
    ja: () =>
      'コードが正しくありません。認証アプリに表示されている最新のコードを入力してください。',
    en: () => 'The code is not correct. Enter the latest code shown in your authenticator app.',
  },
  RECOVERY_CODE_INVALID: {
    ja: () => 'リカバリーコードが正しくないか、すでに使用されています。',
    en: () => 'The recovery code is not correct or has already been used.',
  },
});

import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '../http/app-error';

/** The passkeys' own answers beyond a refused ceremony (a 400 naming its reason: passkey-problem.ts). */
export const passkeyError = defineErrors({
  // Only told to someone who proved the account's passkey: a password sign-in hides the lock.
  ACCOUNT_LOCKED: {
    status: HttpStatus.FORBIDDEN,
    ja: 'このアカウントはロックされています。しばらく待ってから再度お試しいただくか、アカウント管理者にお問い合わせください。',
    en: 'This account is locked. Please wait a while and try again, or contact your account administrator.',
  },
});

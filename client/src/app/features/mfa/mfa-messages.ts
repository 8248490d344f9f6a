import { ApiError } from '../../core/api/api-error';

/** What the MFA screens say about a refused code or password, by the server's code. */
export function codeRequiredMessage(): string {
  return $localize`:@@mfa.error.codeRequired:コードを入力してください。`;
}

export function codeFormatMessage(): string {
  return $localize`:@@mfa.error.codeFormat:コードは6桁の数字で入力してください。`;
}

export function recoveryCodeRequiredMessage(): string {
  return $localize`:@@mfa.error.recoveryCodeRequired:リカバリーコードを入力してください。`;
}

export function currentPasswordRequiredMessage(): string {
  return $localize`:@@mfa.error.currentPasswordRequired:現在のパスワードを入力してください。`;
}

export function unavailableMessage(): string {
  return $localize`:@@mfa.error.unavailable:処理できませんでした。しばらくしてから再度お試しください。`;
}

export function sessionEndedMessage(): string {
  return $localize`:@@mfa.error.sessionEnded:コードの誤りが上限に達したか、入力の期限が切れました。もう一度ログインしてください。`;
}

/** The message for one field problem of a 400 answer, worded on this side by its code. */
export function fieldMessage(code: string, serverMessage: string): string {
  switch (code) {
    case 'MFA_CODE_INVALID':
      return $localize`:@@mfa.error.codeInvalid:コードが正しくありません。認証アプリに表示されている最新のコードを入力してください。`;
    case 'RECOVERY_CODE_INVALID':
      return $localize`:@@mfa.error.recoveryCodeInvalid:リカバリーコードが正しくないか、すでに使用されています。`;
    case 'CURRENT_PASSWORD_INCORRECT':
      return $localize`:@@mfa.error.currentPasswordIncorrect:現在のパスワードが正しくありません。`;
    case 'REQUIRED':
      return codeRequiredMessage();
    default:
      return serverMessage || unavailableMessage();
  }
}

/** Field messages of `field` in a 400 answer, or null when the answer is about something else. */
export function fieldMessagesOf(error: ApiError | null, field: string): string[] | null {
  if (error?.code !== 'VALIDATION_FAILED') return null;
  const messages = error.errors
    .filter((e) => e.field === field)
    .map((e) => fieldMessage(e.code, e.message));
  return messages.length > 0 ? messages : null;
}

/** Digits only, with the spaces some apps show in the middle ("123 456") taken out. */
export function normalizeCode(value: string): string {
  return value.replace(/\s/g, '');
}

export function isSixDigits(value: string): boolean {
  return /^\d{6}$/.test(normalizeCode(value));
}

import { ApiError } from '../../core/api/api-error';

/** What the browser's WebAuthn ceremony threw, said to the user; null if it was not that. */
export function ceremonyMessage(error: unknown): string | null {
  // DOMExceptions, and @simplewebauthn/browser's WebAuthnError, which keeps the DOMException's name.
  const name =
    typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'AbortError':
      return $localize`:@@passkeys.error.cancelled:パスキーの操作が取り消されたか、時間切れになりました。もう一度お試しください。`;
    case 'InvalidStateError':
      return $localize`:@@passkeys.error.alreadyOnDevice:この端末 (認証器) のパスキーはすでに登録されています。`;
    case 'NotSupportedError':
    case 'SecurityError':
      return $localize`:@@passkeys.error.unsupported:このブラウザまたは端末ではパスキーを使用できません。`;
    default:
      return null;
  }
}

/** The server's refusal of a passkey answer (`PASSKEY_*` on the field `credential`), in words. */
export function refusalMessage(error: ApiError | null): string | null {
  const problem = error?.errors.find(({ field }) => field === 'credential');
  if (!problem) return null;
  switch (problem.code) {
    case 'PASSKEY_CHALLENGE_MISSING':
    case 'PASSKEY_CHALLENGE_EXPIRED':
      return $localize`:@@passkeys.error.expired:パスキーの確認の期限が切れました。もう一度お試しください。`;
    case 'PASSKEY_UNKNOWN_CREDENTIAL':
      return $localize`:@@passkeys.error.unknown:このパスキーは登録されていません。登録済みのパスキーを選択してください。`;
    case 'PASSKEY_USER_NOT_VERIFIED':
      return $localize`:@@passkeys.error.notVerified:パスキーの利用時に本人確認 (PIN や生体認証) が行われませんでした。`;
    case 'PASSKEY_TOO_MANY':
      return $localize`:@@passkeys.error.tooMany:登録できるパスキーは10個までです。不要なパスキーを削除してください。`;
    case 'PASSKEY_UNSUPPORTED_ALGORITHM':
      return $localize`:@@passkeys.error.unsupportedAlgorithm:このパスキーの署名方式には対応していません。別の端末や認証器をお試しください。`;
    case 'PASSKEY_ALREADY_REGISTERED':
      return $localize`:@@passkeys.error.alreadyRegistered:このパスキーはすでに登録されています。`;
    default:
      return $localize`:@@passkeys.error.refused:パスキーを確認できませんでした。もう一度お試しください。`;
  }
}

export function unavailableMessage(): string {
  return $localize`:@@passkeys.error.unavailable:パスキーの操作を完了できませんでした。しばらくしてから再度お試しください。`;
}

import { AppError } from '../http/app-error';
import type { Locale } from '../http/locale';

/**
 * Why a passkey ceremony was refused: named in the 400 answer (the field problem's code), in the
 * audit event's detail and in the client's message.
 */
export type PasskeyRefusal =
  | 'challenge_missing'
  | 'challenge_expired'
  | 'challenge_mismatch'
  | 'wrong_origin'
  | 'wrong_rp_id'
  | 'wrong_type'
  | 'user_not_verified'
  | 'unknown_credential'
  | 'signature_invalid'
  | 'counter_regressed'
  | 'backup_state_invalid'
  | 'malformed'
  | 'unsupported_algorithm'
  | 'already_registered'
  | 'too_many';

const MESSAGES = {
  challenge_missing: {
    ja: 'パスキーの確認を最初からやり直してください (確認要求がないか、すでに使用されています)。',
    en: 'Please start again: there is no passkey request waiting, or it has been used already.',
  },
  challenge_expired: {
    ja: 'パスキーの確認の期限 (5分) が切れました。もう一度お試しください。',
    en: 'The passkey request expired (after 5 minutes). Please try again.',
  },
  challenge_mismatch: {
    ja: 'パスキーの応答が、この確認要求に対するものではありません。',
    en: 'The passkey answered another request than this one.',
  },
  wrong_origin: {
    ja: 'パスキーの応答が、このサイト以外から送られました。',
    en: 'The passkey answer came from another site than this one.',
  },
  wrong_rp_id: {
    ja: 'パスキーが、このサイト用のものではありません。',
    en: 'The passkey is not one for this site.',
  },
  wrong_type: {
    ja: 'パスキーの応答の種類が正しくありません。',
    en: 'The passkey answer is of the wrong kind.',
  },
  user_not_verified: {
    ja: 'パスキーの利用時に本人確認 (PIN や生体認証) が行われませんでした。',
    en: 'The passkey did not verify you (PIN or biometrics).',
  },
  unknown_credential: {
    ja: 'このパスキーは登録されていません。',
    en: 'This passkey is not registered.',
  },
  signature_invalid: {
    ja: 'パスキーの署名を確認できませんでした。',
    en: 'The passkey signature could not be verified.',
  },
  counter_regressed: {
    ja: 'パスキーの使用回数が前回より戻っています。複製された可能性があるため受け付けません。',
    en: 'The passkey’s use counter went backwards; it may have been cloned, so it is refused.',
  },
  backup_state_invalid: {
    ja: 'パスキーのバックアップ状態が登録時と矛盾しています。',
    en: 'The passkey’s backup state contradicts the one it was registered with.',
  },
  malformed: {
    ja: 'パスキーの応答を読み取れません。',
    en: 'The passkey answer cannot be read.',
  },
  unsupported_algorithm: {
    ja: 'このパスキーの署名方式には対応していません (EdDSA、ES256、RS256 に対応)。',
    en: 'This passkey’s signature algorithm is not supported (EdDSA, ES256 and RS256 are).',
  },
  already_registered: {
    ja: 'このパスキーはすでに登録されています。',
    en: 'This passkey is already registered.',
  },
  too_many: {
    ja: '登録できるパスキーは10個までです。不要なパスキーを削除してください。',
    en: 'At most 10 passkeys can be registered. Delete one you no longer use.',
  },
} as const satisfies Record<PasskeyRefusal, Record<Locale, string>>;

/** The field problem's code of a refusal, e.g. `PASSKEY_WRONG_ORIGIN`. */
export function refusalCode(reason: PasskeyRefusal): string {
  return `PASSKEY_${reason.toUpperCase()}`;
}

/** A refused ceremony: 400, naming `field` and the reason. */
export class PasskeyRefused extends Error {
  constructor(
    readonly reason: PasskeyRefusal,
    readonly field = 'credential',
  ) {
    super(reason);
    this.name = 'PasskeyRefused';
  }

  toAppError(locale: Locale): AppError {
    return new AppError('VALIDATION_FAILED', [
      { field: this.field, code: refusalCode(this.reason), message: MESSAGES[this.reason][locale] },
    ]);
  }
}

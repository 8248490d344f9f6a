import { HttpStatus } from '@nestjs/common';
import { ACCOUNT_FIELD_MESSAGES } from '../admin/account-field-messages';
import type { Locale } from './locale';

/** Every failure the API can answer with. The filter maps each to one HTTP status. */
export type AppErrorCode =
  | 'VALIDATION_FAILED'
  | 'MALFORMED_JSON'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'INVALID_CREDENTIALS'
  | 'ACCOUNT_EXPIRED'
  | 'ACCOUNT_DISABLED'
  | 'TEMPORARY_PASSWORD_EXPIRED'
  | 'ACCOUNT_LOCKED'
  | 'UNAUTHENTICATED'
  | 'PASSWORD_CHANGE_REQUIRED'
  | 'MFA_REQUIRED'
  | 'MFA_SESSION_ENDED'
  | 'MFA_ALREADY_ENABLED'
  | 'MFA_NOT_ENABLED'
  | 'MFA_ENROLLMENT_NOT_STARTED'
  | 'MFA_NOT_PENDING'
  | 'CSRF_TOKEN_INVALID'
  | 'TOO_MANY_ATTEMPTS'
  | 'BULK_ISSUE_LIMITED'
  | 'NOT_FOUND'
  | 'ADMIN_ROLE_REQUIRED'
  | 'LAST_ADMINISTRATOR'
  | 'METHOD_NOT_ALLOWED'
  | 'SERVER_BUSY'
  | 'INTERNAL';

export const APP_ERROR_STATUS = {
  VALIDATION_FAILED: HttpStatus.BAD_REQUEST,
  MALFORMED_JSON: HttpStatus.BAD_REQUEST,
  UNSUPPORTED_MEDIA_TYPE: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  PAYLOAD_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  INVALID_CREDENTIALS: HttpStatus.UNAUTHORIZED,
  ACCOUNT_EXPIRED: HttpStatus.FORBIDDEN,
  ACCOUNT_DISABLED: HttpStatus.FORBIDDEN,
  TEMPORARY_PASSWORD_EXPIRED: HttpStatus.FORBIDDEN,
  ACCOUNT_LOCKED: HttpStatus.FORBIDDEN,
  UNAUTHENTICATED: HttpStatus.UNAUTHORIZED,
  PASSWORD_CHANGE_REQUIRED: HttpStatus.FORBIDDEN,
  MFA_REQUIRED: HttpStatus.FORBIDDEN,
  MFA_SESSION_ENDED: HttpStatus.UNAUTHORIZED,
  MFA_ALREADY_ENABLED: HttpStatus.CONFLICT,
  MFA_NOT_ENABLED: HttpStatus.CONFLICT,
  MFA_ENROLLMENT_NOT_STARTED: HttpStatus.CONFLICT,
  MFA_NOT_PENDING: HttpStatus.CONFLICT,
  CSRF_TOKEN_INVALID: HttpStatus.FORBIDDEN,
  TOO_MANY_ATTEMPTS: HttpStatus.TOO_MANY_REQUESTS,
  BULK_ISSUE_LIMITED: HttpStatus.TOO_MANY_REQUESTS,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  ADMIN_ROLE_REQUIRED: HttpStatus.FORBIDDEN,
  LAST_ADMINISTRATOR: HttpStatus.CONFLICT,
  METHOD_NOT_ALLOWED: HttpStatus.METHOD_NOT_ALLOWED,
  SERVER_BUSY: HttpStatus.SERVICE_UNAVAILABLE,
  INTERNAL: HttpStatus.INTERNAL_SERVER_ERROR,
} as const satisfies Record<AppErrorCode, HttpStatus>;

const MESSAGES = {
  VALIDATION_FAILED: { ja: '入力内容に誤りがあります。', en: 'Some of the input is not valid.' },
  MALFORMED_JSON: {
    ja: 'リクエストの JSON を読み取れません。',
    en: 'The request body is not valid JSON.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    ja: 'リクエストは application/json で送信してください。',
    en: 'Send the request body as application/json.',
  },
  PAYLOAD_TOO_LARGE: { ja: 'リクエストが大きすぎます。', en: 'The request body is too large.' },
  INVALID_CREDENTIALS: {
    ja: 'ユーザ名またはパスワードが正しくありません。',
    en: 'The username or password is incorrect.',
  },
  ACCOUNT_EXPIRED: {
    ja: 'このアカウントは有効期限が切れています。アカウント管理者にお問い合わせください。',
    en: 'This account has expired. Please contact your account administrator.',
  },
  ACCOUNT_DISABLED: {
    ja: 'このアカウントは無効になっています。アカウント管理者にお問い合わせください。',
    en: 'This account has been disabled. Please contact your account administrator.',
  },
  TEMPORARY_PASSWORD_EXPIRED: {
    ja: '仮パスワードの有効期限が切れています。アカウント管理者に再発行を依頼してください。',
    en: 'The temporary password has expired. Please ask your account administrator to issue a new one.',
  },
  // Only told to someone who proved the account's passkey: a password sign-in hides the lock.
  ACCOUNT_LOCKED: {
    ja: 'このアカウントはロックされています。しばらく待ってから再度お試しいただくか、アカウント管理者にお問い合わせください。',
    en: 'This account is locked. Please wait a while and try again, or contact your account administrator.',
  },
  UNAUTHENTICATED: { ja: 'ログインしてください。', en: 'Please sign in.' },
  PASSWORD_CHANGE_REQUIRED: {
    ja: 'このアカウントの利用を開始するためにはパスワードを変更する必要があります。',
    en: 'You need to change your password before you can start using this account.',
  },
  MFA_REQUIRED: {
    ja: '認証アプリに表示されている6桁のコードを入力してください。',
    en: 'Enter the 6-digit code shown in your authenticator app.',
  },
  MFA_SESSION_ENDED: {
    ja: 'コードの誤りが上限に達したか、入力の期限が切れました。もう一度ログインしてください。',
    en: 'Too many incorrect codes, or the time to enter the code ran out. Please sign in again.',
  },
  MFA_ALREADY_ENABLED: {
    ja: '多要素認証はすでに有効です。',
    en: 'Multi-factor authentication is already on.',
  },
  MFA_NOT_ENABLED: {
    ja: '多要素認証は有効ではありません。',
    en: 'Multi-factor authentication is off.',
  },
  MFA_ENROLLMENT_NOT_STARTED: {
    ja: '多要素認証の設定を最初からやり直してください。',
    en: 'Please start setting up multi-factor authentication again.',
  },
  MFA_NOT_PENDING: {
    ja: 'このセッションではコードの入力は必要ありません。',
    en: 'This session does not need a code.',
  },
  CSRF_TOKEN_INVALID: {
    ja: 'リクエストを確認できませんでした。ページを再読み込みしてください。',
    en: 'The request could not be verified. Please reload the page.',
  },
  TOO_MANY_ATTEMPTS: {
    ja: 'ログインの試行が多すぎます。しばらく待ってから再度お試しください。',
    en: 'Too many sign-in attempts. Please wait a while and try again.',
  },
  BULK_ISSUE_LIMITED: {
    ja: '一括発行が続けて受け付けられませんでした。しばらく待ってから再度お試しください。',
    en: 'Too many bulk uploads were refused. Please wait a while and try again.',
  },
  NOT_FOUND: { ja: '見つかりません。', en: 'Not found.' },
  ADMIN_ROLE_REQUIRED: {
    ja: 'この操作はアカウント管理者のみ行えます。',
    en: 'Only account administrators can do this.',
  },
  LAST_ADMINISTRATOR: {
    ja: '契約の最後のアカウント管理者は、無効にすること、一般ユーザにすること、有効期限切れにすることはできません。',
    en: "The contract's last account administrator cannot be disabled, made a general user or expired.",
  },
  METHOD_NOT_ALLOWED: { ja: 'この操作はできません。', en: 'This method is not allowed.' },
  SERVER_BUSY: {
    ja: 'ただいま混み合っています。しばらくしてから再度お試しください。',
    en: 'The server is busy. Please try again in a moment.',
  },
  INTERNAL: {
    ja: 'サーバでエラーが発生しました。時間をおいて再度お試しください。',
    en: 'Something went wrong on the server. Please try again later.',
  },
} as const satisfies Record<AppErrorCode, Record<Locale, string>>;

export function appErrorMessage(code: AppErrorCode, locale: Locale): string {
  return MESSAGES[code][locale];
}

/** One problem with one field of the request, rendered by the client from `code`. */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** A field problem before its message is put in the request's language. */
export interface FieldProblem {
  field: string;
  code: string;
  params?: Record<string, number>;
  /** Already localized (policy violations); otherwise the filter words it from `code`. */
  message?: string;
}

const FIELD_MESSAGES: Record<string, Record<Locale, (p: Record<string, number>) => string>> = {
  REQUIRED: { ja: () => '入力してください。', en: () => 'Enter a value.' },
  INVALID_TYPE: { ja: () => '文字列で指定してください。', en: () => 'Must be a string.' },
  TOO_LONG: {
    ja: (p) => `${p.max}文字以内で入力してください。`,
    en: (p) => `Use at most ${p.max} characters.`,
  },
  UNKNOWN_FIELD: { ja: () => 'この項目は指定できません。', en: () => 'This field is not allowed.' },
  INVALID_CHARACTER: {
    ja: () => '使用できない文字 (NUL) が含まれています。',
    en: () => 'Contains a character that is not allowed (NUL).',
  },
  TOO_DEEP: {
    ja: (p) => `入れ子が深すぎます (${p.max} 階層まで)。`,
    en: (p) => `Nested too deeply (at most ${p.max} levels).`,
  },
  INVALID: { ja: () => '値が正しくありません。', en: () => 'This value is not valid.' },
  CURRENT_PASSWORD_INCORRECT: {
    ja: () => '現在のパスワードが正しくありません。',
    en: () => 'The current password is incorrect.',
  },
  MFA_CODE_INVALID: {
    ja: () =>
      'コードが正しくありません。認証アプリに表示されている最新のコードを入力してください。',
    en: () => 'The code is not correct. Enter the latest code shown in your authenticator app.',
  },
  RECOVERY_CODE_INVALID: {
    ja: () => 'リカバリーコードが正しくないか、すでに使用されています。',
    en: () => 'The recovery code is not correct or has already been used.',
  },
  CONFIRMATION_MISMATCH: {
    ja: () => '新しいパスワードと確認用のパスワードが一致しません。',
    en: () => 'The new password and its confirmation do not match.',
  },
  ...ACCOUNT_FIELD_MESSAGES,
};

export function localizeFieldProblem(problem: FieldProblem, locale: Locale): FieldError {
  const message =
    problem.message ??
    (FIELD_MESSAGES[problem.code] ?? FIELD_MESSAGES.INVALID)[locale](problem.params ?? {});
  return { field: problem.field, code: problem.code, message };
}

export interface ErrorBody {
  statusCode: number;
  code: AppErrorCode;
  message: string;
  errors?: FieldError[];
}

/**
 * The one exception type of the application. Messages are chosen per request language by the
 * filter; field errors carry their own already-localized messages.
 */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    readonly fieldProblems?: FieldProblem[],
    /** Sent as Retry-After (seconds) with 429 and 503 answers. */
    readonly retryAfterSeconds?: number,
  ) {
    super(code);
    this.name = 'AppError';
  }

  get status(): number {
    return APP_ERROR_STATUS[this.code];
  }
}

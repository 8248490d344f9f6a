import { HttpStatus } from '@nestjs/common';
import type { Locale } from './locale';

/** How one error code is answered: its HTTP status and its message in each language. */
export interface ErrorDefinition extends Record<Locale, string> {
  status: HttpStatus;
}

type Params = Record<string, number>;

/** How one field problem is worded in each language, from its parameters. */
export type FieldWording = Record<Locale, (params: Params) => string>;

// Every code a module defines, so the filter can answer it; filled as the modules are loaded.
const ERRORS = new Map<string, ErrorDefinition>();
const FIELD_WORDINGS = new Map<string, FieldWording>();

function register<T>(registry: Map<string, T>, definitions: Record<string, T>): void {
  for (const [code, definition] of Object.entries(definitions)) {
    const known = registry.get(code);
    if (known !== undefined && known !== definition) {
      throw new Error(`error code ${code} is defined twice`);
    }
    registry.set(code, definition);
  }
}

/**
 * A module's own error codes, each with its status and messages (checked exhaustively: a code
 * without both messages does not compile). Answers the module's factory of AppErrors, which only
 * accepts the module's codes. `http/` itself knows no feature: modules bring their codes here.
 */
export function defineErrors<const C extends string>(definitions: Record<C, ErrorDefinition>) {
  register(ERRORS, definitions);
  return (code: C, fieldProblems?: FieldProblem[], retryAfterSeconds?: number): AppError =>
    AppError.of(code, fieldProblems, retryAfterSeconds);
}

/**
 * A module's field problem codes with their wording; answers the factory of FieldProblems that
 * only accepts those codes.
 */
export function defineFieldProblems<const C extends string>(wordings: Record<C, FieldWording>) {
  register(FIELD_WORDINGS, wordings);
  return (code: C, field: string, params?: Params): FieldProblem =>
    params ? { field, code, params } : { field, code };
}

/** The failures of HTTP itself, which any module may answer with. */
const HTTP_ERRORS = {
  VALIDATION_FAILED: {
    status: HttpStatus.BAD_REQUEST,
    ja: '入力内容に誤りがあります。',
    en: 'Some of the input is not valid.',
  },
  MALFORMED_JSON: {
    status: HttpStatus.BAD_REQUEST,
    ja: 'リクエストの JSON を読み取れません。',
    en: 'The request body is not valid JSON.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    ja: 'リクエストは application/json で送信してください。',
    en: 'Send the request body as application/json.',
  },
  PAYLOAD_TOO_LARGE: {
    status: HttpStatus.PAYLOAD_TOO_LARGE,
    ja: 'リクエストが大きすぎます。',
    en: 'The request body is too large.',
  },
  UNAUTHENTICATED: {
    status: HttpStatus.UNAUTHORIZED,
    ja: 'ログインしてください。',
    en: 'Please sign in.',
  },
  CSRF_TOKEN_INVALID: {
    status: HttpStatus.FORBIDDEN,
    ja: 'リクエストを確認できませんでした。ページを再読み込みしてください。',
    en: 'The request could not be verified. Please reload the page.',
  },
  NOT_FOUND: { status: HttpStatus.NOT_FOUND, ja: '見つかりません。', en: 'Not found.' },
  METHOD_NOT_ALLOWED: {
    status: HttpStatus.METHOD_NOT_ALLOWED,
    ja: 'この操作はできません。',
    en: 'This method is not allowed.',
  },
  SERVER_BUSY: {
    status: HttpStatus.SERVICE_UNAVAILABLE,
    ja: 'ただいま混み合っています。しばらくしてから再度お試しください。',
    en: 'The server is busy. Please try again in a moment.',
  },
  INTERNAL: {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    ja: 'サーバでエラーが発生しました。時間をおいて再度お試しください。',
    en: 'Something went wrong on the server. Please try again later.',
  },
} as const satisfies Record<string, ErrorDefinition>;

export type HttpErrorCode = keyof typeof HTTP_ERRORS;
register(ERRORS, HTTP_ERRORS);

/** The field problems of any request, whatever its route. */
export const httpFieldProblem = defineFieldProblems({
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
});

/** The message of a code in a language (INTERNAL's for a code no module defined). */
export function appErrorMessage(code: string, locale: Locale): string {
  return (ERRORS.get(code) ?? HTTP_ERRORS.INTERNAL)[locale];
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
  params?: Params;
  /** Already localized (policy violations); otherwise the filter words it from `code`. */
  message?: string;
}

export function localizeFieldProblem(problem: FieldProblem, locale: Locale): FieldError {
  const wording = FIELD_WORDINGS.get(problem.code) ?? FIELD_WORDINGS.get('INVALID')!;
  const message = problem.message ?? wording[locale](problem.params ?? {});
  return { field: problem.field, code: problem.code, message };
}

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  errors?: FieldError[];
}

/**
 * The one exception type of the application. Messages are chosen per request language by the
 * filter; field errors carry their own already-localized messages. HTTP's own codes are thrown
 * with `new AppError(code)`; a module's codes through the factory its `defineErrors` answered.
 */
export class AppError extends Error {
  readonly status: number;

  constructor(
    code: HttpErrorCode,
    fieldProblems?: FieldProblem[],
    /** Sent as Retry-After (seconds) with 429 and 503 answers. */
    retryAfterSeconds?: number,
  );
  constructor(
    readonly code: string,
    readonly fieldProblems?: FieldProblem[],
    readonly retryAfterSeconds?: number,
  ) {
    super(code);
    this.name = 'AppError';
    const definition = ERRORS.get(code);
    if (!definition) throw new Error(`error code ${code} is not defined`);
    this.status = definition.status;
  }

  /** An error of a code some module defined (see defineErrors). */
  static of(code: string, fieldProblems?: FieldProblem[], retryAfterSeconds?: number): AppError {
    return new (
      AppError as new (
        code: string,
        fieldProblems?: FieldProblem[],
        retryAfterSeconds?: number,
      ) => AppError
    )(code, fieldProblems, retryAfterSeconds);
  }
}

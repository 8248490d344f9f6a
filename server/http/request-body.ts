import type { ErrorRequestHandler, RequestHandler } from 'express';
import { json } from 'express';
import {
  AppError,
  AppErrorCode,
  ErrorBody,
  appErrorMessage,
  localizeFieldProblem,
} from './app-error';
import { resolveLocale } from './locale';

/** Bodies are small JSON documents; anything else is refused before it reaches a handler. */
export const MAX_BODY_BYTES = 16 * 1024;

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

export const requireJsonContentType: RequestHandler = (req, _res, next) => {
  if (METHODS_WITH_BODY.has(req.method) && hasBody(req.headers) && !req.is('application/json')) {
    next(new AppError('UNSUPPORTED_MEDIA_TYPE'));
    return;
  }
  next();
};

export const parseJsonBody: RequestHandler = json({ limit: MAX_BODY_BYTES, strict: true });

// JSON.parse makes these ordinary own keys, but class-transformer and object spreads treat them as
// the prototype machinery; no request of ours has a use for them.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function forbiddenKeyPath(value: unknown, path: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  for (const key of Object.keys(value)) {
    const here = path ? `${path}.${key}` : key;
    if (FORBIDDEN_KEYS.has(key)) return here;
    const nested = forbiddenKeyPath((value as Record<string, unknown>)[key], here);
    if (nested) return nested;
  }
  return undefined;
}

export const rejectPrototypeKeys: RequestHandler = (req, _res, next) => {
  const field = forbiddenKeyPath(req.body, '');
  next(field ? new AppError('VALIDATION_FAILED', [{ field, code: 'UNKNOWN_FIELD' }]) : undefined);
};

interface BodyParserError {
  type?: string;
  status?: number;
}

function codeFor(err: unknown): AppErrorCode | undefined {
  if (err instanceof AppError) return err.code;
  const { type = '' } = (err ?? {}) as BodyParserError;
  switch (type) {
    case 'entity.parse.failed':
      return 'MALFORMED_JSON';
    case 'entity.too.large':
      return 'PAYLOAD_TOO_LARGE';
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return 'VALIDATION_FAILED';
    default:
      return undefined;
  }
}

/** Answers failures of the middleware above (and CSRF) in the API's error shape, not Express's HTML page. */
export const middlewareErrorHandler: ErrorRequestHandler = (err: unknown, req, res, next) => {
  const code = codeFor(err);
  if (!code) {
    next(err);
    return;
  }
  const error = err instanceof AppError ? err : new AppError(code);
  const locale = resolveLocale(req);
  const body: ErrorBody = {
    statusCode: error.status,
    code,
    message: appErrorMessage(code, locale),
    ...(error.fieldProblems
      ? { errors: error.fieldProblems.map((p) => localizeFieldProblem(p, locale)) }
      : {}),
  };
  res.status(error.status).json(body);
};

import type { ErrorRequestHandler, RequestHandler } from 'express';
import { json } from 'express';
import {
  AppError,
  type HttpErrorCode,
  ErrorBody,
  FieldProblem,
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

/** The administrator's CSV upload (thousands of rows) is the one larger body. */
export const BULK_UPLOAD_PATH = '/api/admin/accounts/bulk';
export const MAX_BULK_UPLOAD_BYTES = 512 * 1024;

const parseSmallJson = json({ limit: MAX_BODY_BYTES, strict: true });
const parseBulkJson = json({ limit: MAX_BULK_UPLOAD_BYTES, strict: true });

export const parseJsonBody: RequestHandler = (req, res, next) => {
  // GET and HEAD carry no body of ours; skipping the parser saves most requests its checks.
  if (!METHODS_WITH_BODY.has(req.method)) {
    next();
    return;
  }
  (req.path === BULK_UPLOAD_PATH ? parseBulkJson : parseSmallJson)(req, res, next);
};

// JSON.parse makes these ordinary own keys, but class-transformer and object spreads treat them as
// the prototype machinery; no request of ours has a use for them. NUL is refused too: PostgreSQL
// cannot store it in text, so it would otherwise surface as a database error.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * How deeply a body or query may nest objects and arrays. Tobira's deepest request is two levels;
 * class-transformer and class-validator recurse, and a few kilobytes of brackets would otherwise
 * overflow their stack.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * The first part of a parsed body or query that no handler should see, with what is wrong. Walks
 * with its own stack, not by recursion, so that no depth of nesting can overflow it.
 */
export function findUnacceptable(root: unknown): FieldProblem | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [
    { value: root, path: '', depth: 0 },
  ];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return { field: path, code: 'INVALID_CHARACTER' };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_JSON_DEPTH) {
      return { field: path, code: 'TOO_DEEP', params: { max: MAX_JSON_DEPTH } };
    }
    const keys = Object.keys(value);
    // Reversed onto the stack, so that the first problem in document order is the one reported.
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const here = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) return { field: here, code: 'UNKNOWN_FIELD' };
      if (key.includes('\u0000')) return { field: here, code: 'INVALID_CHARACTER' };
      stack.push({ value: (value as Record<string, unknown>)[key], path: here, depth: depth + 1 });
    }
  }
  return undefined;
}

export const rejectUnacceptableInput: RequestHandler = (req, _res, next) => {
  const problem = findUnacceptable(req.body) ?? findUnacceptable(req.query);
  next(problem ? new AppError('VALIDATION_FAILED', [problem]) : undefined);
};

interface BodyParserError {
  type?: string;
  status?: number;
}

function codeFor(err: unknown): string | undefined {
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
  const error = err instanceof AppError ? err : new AppError(code as HttpErrorCode);
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

import type { ErrorRequestHandler, RequestHandler } from 'express';
import { json } from 'express';
import { AppError, AppErrorCode, ErrorBody, appErrorMessage } from './app-error';
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

/** Answers body-parsing failures in the API's error shape instead of Express's HTML page. */
export const bodyErrorHandler: ErrorRequestHandler = (err: unknown, req, res, next) => {
  const code = codeFor(err);
  if (!code) {
    next(err);
    return;
  }
  const error = new AppError(code);
  const body: ErrorBody = {
    statusCode: error.status,
    code,
    message: appErrorMessage(code, resolveLocale(req)),
  };
  res.status(error.status).json(body);
};

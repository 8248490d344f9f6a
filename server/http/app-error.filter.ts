import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  AppError,
  ErrorBody,
  type HttpErrorCode,
  appErrorMessage,
  localizeFieldProblem,
} from './app-error';
import { resolveLocale } from './locale';

const STATUS_CODES: Partial<Record<number, HttpErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: 'VALIDATION_FAILED',
  [HttpStatus.UNAUTHORIZED]: 'UNAUTHENTICATED',
  [HttpStatus.NOT_FOUND]: 'NOT_FOUND',
  [HttpStatus.METHOD_NOT_ALLOWED]: 'METHOD_NOT_ALLOWED',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'PAYLOAD_TOO_LARGE',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'UNSUPPORTED_MEDIA_TYPE',
};

// Hashing waits at most a few seconds; a client told to come back after one finds a free slot soon.
const RETRY_AFTER_SECONDS = 1;

/** Turns every error into the one JSON error shape; anything unexpected becomes a logged 500. */
@Catch()
export class AppErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const body = this.toBody(exception, req);
    // A busy server is a planned answer, not a fault: a flood must not flood the log too.
    if (body.statusCode >= 500 && body.code !== 'SERVER_BUSY') {
      this.logger.error(
        { msg: 'unhandled error', path: req.path, method: req.method },
        exception instanceof Error ? exception.stack : String(exception),
      );
    }
    if (res.headersSent) return;
    if (body.code === 'SERVER_BUSY') res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    if (exception instanceof AppError && exception.retryAfterSeconds !== undefined) {
      res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    }
    res.status(body.statusCode).json(body);
  }

  toBody(exception: unknown, req: Request): ErrorBody {
    const locale = resolveLocale(req);
    if (exception instanceof AppError) {
      return {
        statusCode: exception.status,
        code: exception.code,
        message: appErrorMessage(exception.code, locale),
        ...(exception.fieldProblems
          ? { errors: exception.fieldProblems.map((p) => localizeFieldProblem(p, locale)) }
          : {}),
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = STATUS_CODES[status] ?? (status < 500 ? 'VALIDATION_FAILED' : 'INTERNAL');
      return { statusCode: status, code, message: appErrorMessage(code, locale) };
    }
    return { statusCode: 500, code: 'INTERNAL', message: appErrorMessage('INTERNAL', locale) };
  }
}

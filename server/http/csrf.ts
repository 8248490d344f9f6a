import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { AppError } from './app-error';
import { baseCookieOptions, isSecureRequest } from './cookies';
import type { CookieSecureSetting } from './http.config';

/** Angular's HttpClient reads this cookie and echoes it in the header below on every mutation. */
export const XSRF_COOKIE = 'XSRF-TOKEN';
export const XSRF_HEADER = 'x-xsrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function issueXsrfToken(req: Request, res: Response, setting: CookieSecureSetting): string {
  const token = randomBytes(32).toString('base64url');
  // Readable by script on purpose: that is how the double-submit works.
  res.cookie(XSRF_COOKIE, token, {
    ...baseCookieOptions(isSecureRequest(req, setting)),
    httpOnly: false,
  });
  return token;
}

function sameToken(a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string' || a.length < 32) return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Double-submit CSRF defence: a state-changing request must carry in a header the value of a
 * cookie that another site can neither read nor set (SameSite=Strict, same origin only).
 * Runs before body parsing so a refused request never reaches a handler.
 */
export function csrfProtection(setting: CookieSecureSetting): RequestHandler {
  return (req, res, next) => {
    const cookie: unknown = (req.cookies as Record<string, unknown> | undefined)?.[XSRF_COOKIE];
    if (!SAFE_METHODS.has(req.method) && !sameToken(cookie, req.headers[XSRF_HEADER])) {
      next(new AppError('CSRF_TOKEN_INVALID'));
      return;
    }
    if (typeof cookie !== 'string') issueXsrfToken(req, res, setting);
    next();
  };
}

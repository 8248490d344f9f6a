import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Request, Response } from 'express';
import { baseCookieOptions, isSecureRequest } from '../http/cookies';
import { issueXsrfToken } from '../http/csrf';
import { httpConfig } from '../http/http.config';

export const SESSION_COOKIE = 'tobira_session';
/** Behind HTTPS the prefix makes the browser refuse the cookie unless Secure, Path=/ and host-only. */
export const SECURE_SESSION_COOKIE = '__Host-tobira_session';

@Injectable()
export class SessionCookie {
  constructor(@Inject(httpConfig.KEY) private readonly http: ConfigType<typeof httpConfig>) {}

  /**
   * The session token. Behind HTTPS only the `__Host-` cookie counts: the plain name could have
   * been set by a sibling domain or over plain HTTP, which is what the prefix exists to rule out.
   */
  read(req: Request): string | undefined {
    const cookies = (req.cookies ?? {}) as Record<string, unknown>;
    const secure = isSecureRequest(req, this.http.cookieSecure);
    const value = cookies[secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE];
    return typeof value === 'string' && value.length > 0 && value.length <= 128 ? value : undefined;
  }

  /** Sets the session token and, since the session changed, a fresh XSRF token. */
  write(req: Request, res: Response, token: string): void {
    const secure = isSecureRequest(req, this.http.cookieSecure);
    // No Max-Age: the cookie ends with the browser; the server enforces idle and absolute limits.
    res.cookie(secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, token, {
      ...baseCookieOptions(secure),
      httpOnly: true,
    });
    issueXsrfToken(req, res, this.http.cookieSecure);
  }

  clear(req: Request, res: Response): void {
    const secure = isSecureRequest(req, this.http.cookieSecure);
    res.clearCookie(secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, {
      ...baseCookieOptions(secure),
      httpOnly: true,
    });
    issueXsrfToken(req, res, this.http.cookieSecure);
  }
}

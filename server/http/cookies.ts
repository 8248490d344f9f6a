import type { CookieOptions, Request } from 'express';
import type { CookieSecureSetting } from './http.config';

/** Secure cookies behind HTTPS (directly or, with TRUST_PROXY, via X-Forwarded-Proto). */
export function isSecureRequest(req: Request, setting: CookieSecureSetting): boolean {
  switch (setting) {
    case 'always':
      return true;
    case 'never':
      return false;
    case 'auto':
      return req.secure;
  }
}

export function baseCookieOptions(secure: boolean): CookieOptions {
  return { path: '/', sameSite: 'strict', secure };
}

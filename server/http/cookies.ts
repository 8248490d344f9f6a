import type { CookieOptions, Request, RequestHandler } from 'express';
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

function decode(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * `req.cookies` from the Cookie header: name=value pairs split at `;`, surrounding quotes and
 * percent-encoding removed, the first of two equal names kept (as the `cookie` package does).
 * Tobira signs no cookies and stores no JSON in them, which is all cookie-parser added.
 */
export function parseCookieHeader(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = Object.create(null) as Record<string, string>;
  if (!header) return cookies;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const name = pair.slice(0, eq).trim();
    if (!name || name in cookies) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"'))
      value = value.slice(1, -1);
    cookies[name] = decode(value);
  }
  return cookies;
}

export const parseCookies: RequestHandler = (req, _res, next) => {
  req.cookies = parseCookieHeader(req.headers.cookie);
  next();
};

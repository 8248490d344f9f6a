import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type RequestHandler, type Response } from 'express';
import { type Locale, resolveLocale } from '../http/locale';

const LOCALES: readonly Locale[] = ['ja', 'en'];

/** Where `ng build` put the localized builds: dist/client/browser/{ja,en}. */
export function findClientDir(configured: string | undefined): string | undefined {
  const candidates = configured
    ? [resolve(configured)]
    : [resolve(__dirname, '..', '..', 'client', 'browser'), resolve('dist', 'client', 'browser')];
  return candidates.find((dir) => LOCALES.every((l) => existsSync(join(dir, l, 'index.html'))));
}

/** Each request gets its own nonce; Angular applies it to the styles it inserts (ngCspNonce). */
export const cspNonce: RequestHandler = (_req, res, next) => {
  res.locals.cspNonce = randomBytes(16).toString('base64');
  next();
};

export function nonceOf(res: Response): string {
  return String(res.locals.cspNonce);
}

/**
 * Serves the built client on the API's port: static files from both locale builds (their hashed
 * names do not collide), and at every other GET outside /api the index.html of the reader's
 * language, with <base href="/"> so that one set of URLs serves both.
 */
export function serveWebClient(clientDir: string): RequestHandler[] {
  const templates = new Map<Locale, string>(
    LOCALES.map((locale) => [
      locale,
      readFileSync(join(clientDir, locale, 'index.html'), 'utf8').replace(
        /<base href="[^"]*">/,
        '<base href="/">',
      ),
    ]),
  );
  const statics = LOCALES.map((locale) =>
    express.static(join(clientDir, locale), {
      index: false,
      fallthrough: true,
      setHeaders: (res, path) => {
        // Hashed bundles never change; anything else is revalidated.
        const hashed = /-[A-Z0-9]{8,}\.(js|css)$/.test(path);
        res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  const index: RequestHandler = (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api')) {
      next();
      return;
    }
    const locale = resolveLocale(req);
    const html = templates
      .get(locale)!
      .replace('<app-root', `<app-root ngCspNonce="${nonceOf(res)}"`);
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Vary', 'Cookie, Accept-Language');
    res.type('html').send(html);
  };
  const apiOnly =
    (handler: RequestHandler): RequestHandler =>
    (req, res, next) =>
      req.path.startsWith('/api') ? next() : handler(req, res, next);
  return [...statics.map(apiOnly), index];
}

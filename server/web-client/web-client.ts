import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type RequestHandler } from 'express';
import { type Locale, resolveLocale } from '../http/locale';
import { pageContentSecurityPolicy } from '../http/security-headers';

const LOCALES: readonly Locale[] = ['ja', 'en'];

/** Where `ng build` put the localized builds: dist/client/browser/{ja,en}. */
export function findClientDir(configured: string | undefined): string | undefined {
  const candidates = configured
    ? [resolve(configured)]
    : [resolve(__dirname, '..', '..', 'client', 'browser'), resolve('dist', 'client', 'browser')];
  return candidates.find((dir) => LOCALES.every((l) => existsSync(join(dir, l, 'index.html'))));
}

/**
 * Serves the built client on the API's port. Each locale build keeps its own <base href> (/ja/ or
 * /en/) and its static files under that prefix, because the two builds reuse file names for
 * different (translated) contents. Every other GET outside /api gets the index.html of the
 * reader's language; the client's router works from / whatever the base (APP_BASE_HREF).
 */
export function serveWebClient(clientDir: string): RequestHandler[] {
  const templates = new Map<Locale, string>(
    LOCALES.map((locale) => [locale, readFileSync(join(clientDir, locale, 'index.html'), 'utf8')]),
  );
  const statics = LOCALES.map((locale) => {
    const serve = express.static(join(clientDir, locale), {
      index: false,
      fallthrough: true,
      setHeaders: (res, path) => {
        // Hashed bundles never change; anything else is revalidated.
        const hashed = /-[A-Z0-9]{8,}\.(js|css)$/.test(path);
        res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    const prefix = `/${locale}/`;
    const handler: RequestHandler = (req, res, next) => {
      if (!req.path.startsWith(prefix)) {
        next();
        return;
      }
      const url = req.url;
      req.url = url.slice(locale.length + 1);
      serve(req, res, (err?: unknown) => {
        req.url = url;
        next(err);
      });
    };
    return handler;
  });
  const index: RequestHandler = (req, res, next) => {
    const missingAsset = /^\/(ja|en)\/.+\.\w+$/.test(req.path);
    if (
      (req.method !== 'GET' && req.method !== 'HEAD') ||
      req.path.startsWith('/api') ||
      missingAsset
    ) {
      next();
      return;
    }
    const locale = resolveLocale(req);
    // Each page gets its own nonce; Angular applies it to the styles it inserts (ngCspNonce).
    const nonce = randomBytes(16).toString('base64');
    const html = templates.get(locale)!.replace('<app-root', `<app-root ngCspNonce="${nonce}"`);
    res.setHeader('Content-Security-Policy', pageContentSecurityPolicy(nonce));
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Vary', 'Cookie, Accept-Language');
    res.type('html').send(html);
  };
  return [...statics, index];
}

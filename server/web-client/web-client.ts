import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import express, { type Request, type RequestHandler } from 'express';
import { type Locale, resolveLocale } from '../http/locale';
import { pageContentSecurityPolicy } from '../http/security-headers';

const LOCALES: readonly Locale[] = ['ja', 'en'];

/**
 * What client/src/index.html puts in `ngCspNonce`; the build copies it onto every inline style
 * and script it writes (critical CSS, the prerendered page's styles, the event replay script).
 * Each response gets it replaced with a nonce of its own.
 */
export const NONCE_PLACEHOLDER = 'TOBIRA_CSP_NONCE';

/**
 * The page the browser renders itself: index.csr.html when the build also prerendered pages
 * (app.routes.server.ts), index.html otherwise.
 */
const SHELLS = ['index.csr.html', 'index.html'];

function shellOf(localeDir: string): string | undefined {
  return SHELLS.map((name) => join(localeDir, name)).find((file) => existsSync(file));
}

/** Where `ng build` put the localized builds: dist/client/browser/{ja,en}. */
export function findClientDir(configured: string | undefined): string | undefined {
  const candidates = configured
    ? [resolve(configured)]
    : [resolve(__dirname, '..', '..', 'client', 'browser'), resolve('dist', 'client', 'browser')];
  return candidates.find((dir) => LOCALES.every((l) => shellOf(join(dir, l)) !== undefined));
}

/** A page's HTML cut at the nonce placeholder, to be joined with each response's own nonce. */
class PageTemplate {
  private readonly parts: string[];

  constructor(html: string) {
    // A build from before the placeholder: give <app-root> the nonce, as Angular reads it there.
    const marked = html.includes(NONCE_PLACEHOLDER)
      ? html
      : html.replace('<app-root', `<app-root ngCspNonce="${NONCE_PLACEHOLDER}"`);
    this.parts = marked.split(NONCE_PLACEHOLDER);
  }

  render(nonce: string): string {
    return this.parts.join(nonce);
  }
}

/**
 * A prerendered page paints from its HTML; its scripts only take it over afterwards (hydration).
 * Left as the build wrote them, the module scripts and their preloads load and run while the
 * document is parsed, their evaluation holds the first paint back, and Lighthouse's simulation
 * counts every script loaded before the largest paint as needed for it. So a small loader
 * (carrying the page's nonce) takes their place: once the browser reports the first contentful
 * paint (or after a second: a hidden tab does not paint), it preloads them all and imports the
 * module scripts in their order. What is typed or clicked meanwhile is kept (login-page.ts,
 * Angular's event replay).
 */
export function paintBeforeScripts(html: string): string {
  const modules: string[] = [];
  const preloads: string[] = [];
  const stripped = html
    .replace(
      /<script\b(?=[^>]*\btype="module")[^>]*\bsrc="([\w.-]+\.js)"[^>]*><\/script>/g,
      (_tag, src: string) => {
        modules.push(src);
        return '';
      },
    )
    .replace(
      /<link\b(?=[^>]*\brel="modulepreload")[^>]*\bhref="([\w.-]+\.js)"[^>]*>/g,
      (_tag, href: string) => {
        preloads.push(href);
        return '';
      },
    );
  if (modules.length === 0 || !stripped.includes('</body>')) return html;
  const all = [...new Set([...modules, ...preloads])];
  const loader =
    `<script nonce="${NONCE_PLACEHOLDER}">(function(){var m=${JSON.stringify(modules)},a=${JSON.stringify(all)},s=0;` +
    'function l(){if(s)return;s=1;a.forEach(function(u){var k=document.createElement("link");k.rel="modulepreload";k.href=u;document.head.appendChild(k)});' +
    'm.reduce(function(p,u){return p.then(function(){return import("./"+u)})},Promise.resolve())}' +
    'var P=window.PerformanceObserver;if(P&&(P.supportedEntryTypes||[]).indexOf("paint")>=0){' +
    'new P(function(list,o){if(list.getEntriesByName("first-contentful-paint").length){o.disconnect();setTimeout(l)}}).observe({type:"paint",buffered:true})' +
    '}else{requestAnimationFrame(function(){setTimeout(l)})}setTimeout(l,1000)})()</script>';
  return stripped.replace('</body>', `${loader}</body>`);
}

/**
 * The pages `ng build` prerendered in a locale build, by route: `login/index.html` is `/login`.
 * The locale's own index.html (a prerendered `/`) would be `/`.
 */
function prerenderedPages(localeDir: string): Map<string, PageTemplate> {
  const pages = new Map<string, PageTemplate>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
      } else if (entry.name === 'index.html' && dir !== localeDir) {
        const route = `/${relative(localeDir, dir).split(sep).join('/')}`;
        pages.set(route, new PageTemplate(paintBeforeScripts(readFileSync(path, 'utf8'))));
      }
    }
  };
  walk(localeDir);
  const csrShell = join(localeDir, 'index.csr.html');
  const root = join(localeDir, 'index.html');
  if (existsSync(csrShell) && existsSync(root)) {
    pages.set('/', new PageTemplate(paintBeforeScripts(readFileSync(root, 'utf8'))));
  }
  return pages;
}

/** What the page routing needs to know of the request's session; null for a guest. */
export interface PageSession {
  /** The password was right but the MFA code step is still to come. */
  mfaPending: boolean;
  /** The password is temporary: only the forced change is reachable. */
  passwordIsTemporary: boolean;
  role: 'user' | 'admin';
}

/**
 * The prerendered top page is rendered for whoever is signed in (client app.routes.server.ts):
 * the account administrator's menu entries are in it, marked `data-admin-only`. Anyone else gets
 * them hidden by this style, until the browser has rendered the page for them (without those
 * entries); so nothing appears or moves when it does.
 */
const HIDE_ADMIN_ONLY = '[data-admin-only]{display:none}';

/** The session of a request (from its cookie), or null for a guest. */
export type PageSessionOf = (req: Request) => Promise<PageSession | null>;

/** The query parameter of the sign-in steps that names the page asked for (client's return-url.ts). */
const RETURN_URL_PARAM = 'returnUrl';
const NOT_A_DESTINATION = /^\/(?:login|password\/required)(?:[/?#;]|$)/;

/** The client's `safeReturnUrl`: a page of this app to go to after signing in, else null. */
export function safeReturnUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 2000) return null;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return null;
  if ([...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return null;
  if (value === '/' || NOT_A_DESTINATION.test(value)) return null;
  return value;
}

function signInStep(path: string, returnUrl: unknown): string {
  const safe = safeReturnUrl(returnUrl);
  return safe ? `${path}?${RETURN_URL_PARAM}=${encodeURIComponent(safe)}` : path;
}

/**
 * Where the server sends a request for `/` or `/login` instead of a page, by its session, as the
 * client's guards would once the app has loaded (auth-guard.ts, guest-guard.ts): a guest at the
 * top page to the login, a session waiting for its MFA code to the code step, a temporary password
 * to the forced change, a signed-in user at the login to the page it names (returnUrl) or the top.
 * So a guest never downloads the app to be sent on, and the top page is only sent to someone
 * who may see it. Null: serve the page.
 */
export function pageRedirect(
  route: string,
  query: Request['query'],
  session: PageSession | null,
): string | null {
  if (route === '/') {
    if (session?.mfaPending) return '/login/mfa';
    if (!session) return '/login';
    if (session.passwordIsTemporary) return '/password/required';
    return null;
  }
  if (route === '/login') {
    if (!session || session.mfaPending) return null;
    const returnUrl = query[RETURN_URL_PARAM];
    if (session.passwordIsTemporary) return signInStep('/password/required', returnUrl);
    return safeReturnUrl(returnUrl) ?? '/';
  }
  return null;
}

/**
 * Serves the built client on the API's port. Each locale build keeps its own <base href> (/ja/ or
 * /en/) and its static files under that prefix, because the two builds reuse file names for
 * different (translated) contents. Every other GET outside /api gets a page in the reader's
 * language: the one `ng build` prerendered for that path if there is one (`/login`), which
 * paints before any JavaScript runs and is then hydrated, else the page the browser renders
 * itself; the client's router works from / whatever the base (APP_BASE_HREF). Pages are sent
 * with a nonce of their own, in the policy and on their inline styles and scripts; the HTML files
 * themselves are never sent as they are.
 */
export function serveWebClient(clientDir: string, sessionOf?: PageSessionOf): RequestHandler[] {
  const shells = new Map<Locale, PageTemplate>(
    LOCALES.map((locale) => {
      const shell = shellOf(join(clientDir, locale));
      if (!shell) throw new Error(`no client build in ${join(clientDir, locale)}`);
      return [locale, new PageTemplate(readFileSync(shell, 'utf8'))];
    }),
  );
  const prerendered = new Map<Locale, Map<string, PageTemplate>>(
    LOCALES.map((locale) => [locale, prerenderedPages(join(clientDir, locale))]),
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
      // HTML is a page template: sent only through the index below, with its nonce filled in.
      if (!req.path.startsWith(prefix) || req.path.endsWith('.html')) {
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
  const index: RequestHandler = async (req, res, next) => {
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
    const route = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path;
    let session: PageSession | null = null;
    if (sessionOf && (route === '/' || route === '/login')) {
      let known = true;
      try {
        session = await sessionOf(req);
      } catch {
        // The database unreachable: the page is sent as it is; the app's own session check will
        // say what is wrong, as it did before the server answered these pages by the session.
        known = false;
      }
      const to = known ? pageRedirect(route, req.query, session) : null;
      if (to !== null) {
        res.setHeader('Cache-Control', 'no-store');
        res.setHeader('Vary', 'Cookie');
        res.redirect(302, to);
        return;
      }
    }
    const page = prerendered.get(locale)!.get(route) ?? shells.get(locale)!;
    // Each page gets its own nonce: on the build's inline styles and scripts, and on <app-root>,
    // where Angular reads it for the styles it inserts (ngCspNonce).
    const nonce = randomBytes(16).toString('base64');
    let html = page.render(nonce);
    if (route === '/' && session?.role !== 'admin') {
      html = html.replace('</head>', `<style nonce="${nonce}">${HIDE_ADMIN_ONLY}</style></head>`);
    }
    res.setHeader('Content-Security-Policy', pageContentSecurityPolicy(nonce));
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Vary', 'Cookie, Accept-Language');
    res.type('html').send(html);
  };
  return [...statics, index];
}

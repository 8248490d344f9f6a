import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { safeReturnUrl as clientSafeReturnUrl } from '../../client/src/app/core/auth/return-url';
import {
  NONCE_PLACEHOLDER,
  type PageSession,
  paintBeforeScripts,
  safeReturnUrl,
  serveWebClient,
} from './web-client';

/** A client build as `ng build` writes it: a shell per locale, and its prerendered login page. */
function prerenderedClientDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tobira-client-'));
  for (const locale of ['ja', 'en']) {
    mkdirSync(join(dir, locale, 'login'), { recursive: true });
    writeFileSync(
      join(dir, locale, 'index.csr.html'),
      `<html lang="${locale}"><head><style nonce="${NONCE_PLACEHOLDER}">p{}</style></head>` +
        `<app-root ngCspNonce="${NONCE_PLACEHOLDER}"></app-root>` +
        `<script nonce="${NONCE_PLACEHOLDER}">shell()</script>`,
    );
    writeFileSync(
      join(dir, locale, 'login', 'index.html'),
      `<html lang="${locale}"><style nonce="${NONCE_PLACEHOLDER}">p{}</style>` +
        `<app-root ngCspNonce="${NONCE_PLACEHOLDER}"><h1>prerendered ${locale}</h1></app-root>` +
        `<script nonce="${NONCE_PLACEHOLDER}">replay()</script>` +
        `<link rel="modulepreload" href="chunk-ABCDEFGH.js">` +
        `<script src="main-ABCDEFGH.js" type="module" nonce="${NONCE_PLACEHOLDER}"></script>` +
        '</body>',
    );
    writeFileSync(join(dir, locale, 'main-ABCDEFGH.js'), 'main()');
  }
  return dir;
}

/** A build from before prerendering: index.html only, no placeholder. */
function plainClientDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tobira-client-'));
  for (const locale of ['ja', 'en']) {
    mkdirSync(join(dir, locale));
    writeFileSync(join(dir, locale, 'index.html'), `<html lang="${locale}"><app-root></app-root>`);
  }
  return dir;
}

function appOf(clientDir: string, sessions?: Record<string, PageSession>) {
  const app = express();
  const sessionOf = sessions
    ? (req: express.Request) => {
        const token = /tobira_session=(\w+)/.exec(req.headers.cookie ?? '')?.[1];
        return Promise.resolve((token && sessions[token]) || null);
      }
    : undefined;
  for (const handler of serveWebClient(clientDir, sessionOf)) app.use(handler);
  return app;
}

const nonceIn = (policy: string, directive: string) =>
  new RegExp(`${directive} 'self' 'nonce-([^']+)'`).exec(policy)?.[1];

describe('serveWebClient', () => {
  const app = appOf(prerenderedClientDir());

  it('serves the prerendered login page, its nonce in the policy and on every inline style and script', async () => {
    const res = await request(app).get('/login').set('Accept-Language', 'ja');
    const policy = String(res.headers['content-security-policy']);
    const nonce = nonceIn(policy, 'style-src');

    expect(res.status).toBe(200);
    expect(res.text).toContain('<h1>prerendered ja</h1>');
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(nonceIn(policy, 'script-src')).toBe(nonce);
    expect(res.text).not.toContain(NONCE_PLACEHOLDER);
    // The style, the replay script and the loader of the module scripts (see below).
    expect(res.text.match(/nonce="[^"]+"/g)).toEqual(Array(3).fill(`nonce="${nonce}"`));
    expect(res.text).toContain(`ngCspNonce="${nonce}"`);
    expect(policy).not.toContain('unsafe-inline');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('loads and runs the prerendered page scripts only after its first paint', async () => {
    const res = await request(app).get('/login');
    const nonce = String(nonceIn(String(res.headers['content-security-policy']), 'script-src'));

    expect(res.text).not.toMatch(/<script[^>]*type="module"/);
    expect(res.text).not.toMatch(/<link[^>]*modulepreload/);
    expect(res.text).toContain(
      `<script nonce="${nonce}">(function(){var m=["main-ABCDEFGH.js"],a=["main-ABCDEFGH.js","chunk-ABCDEFGH.js"]`,
    );
    expect(res.text).toContain('first-contentful-paint');
    // The shell renders with its scripts: left as the build wrote it.
    const shell = (await request(app).get('/settings')).text;
    expect(shell).not.toContain('first-contentful-paint');
  });

  it('keeps the order of the module scripts and leaves a page without them alone', () => {
    const html =
      '<body><script src="polyfills-A.js" type="module"></script>' +
      '<script src="main-B.js" type="module" nonce="x"></script></body>';
    const out = paintBeforeScripts(html);

    expect(out).toContain('var m=["polyfills-A.js","main-B.js"]');
    expect(out).not.toContain('<script src=');
    expect(paintBeforeScripts('<body><p>no scripts</p></body>')).toBe(
      '<body><p>no scripts</p></body>',
    );
  });

  it('gives each response a nonce of its own', async () => {
    const nonces = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const res = await request(app).get('/login');
        return nonceIn(String(res.headers['content-security-policy']), 'script-src');
      }),
    );

    expect(new Set(nonces).size).toBe(20);
  });

  it('serves the login page of the reader language, with a trailing slash or a query too', async () => {
    for (const path of ['/login', '/login/', '/login?returnUrl=%2Fsettings']) {
      const en = await request(app).get(path).set('Accept-Language', 'en-GB,en;q=0.9');
      const ja = await request(app).get(path).set('Cookie', 'tobira-lang=ja');

      expect(en.text).toContain('prerendered en');
      expect(ja.text).toContain('prerendered ja');
    }
  });

  it('serves the shell for every other page, the login steps after the password included', async () => {
    for (const path of ['/', '/settings', '/login/mfa', '/loginx', '/admin/accounts/1']) {
      const res = await request(app).get(path);
      const nonce = nonceIn(String(res.headers['content-security-policy']), 'script-src');

      expect(res.status).toBe(200);
      expect(res.text).toContain('shell()');
      expect(res.text).not.toContain('prerendered');
      expect(res.text).toContain(`<script nonce="${nonce}">`);
      expect(res.text).not.toContain(NONCE_PLACEHOLDER);
    }
  });

  it('never sends the page templates as files, placeholder and all', async () => {
    for (const path of ['/ja/index.csr.html', '/en/login/index.html', '/ja/login/']) {
      const res = await request(app).get(path);

      expect(res.text).not.toContain(NONCE_PLACEHOLDER);
    }
    expect((await request(app).get('/ja/index.csr.html')).status).toBe(404);
    expect((await request(app).get('/en/login/index.html')).status).toBe(404);
    expect((await request(app).get('/ja/main-ABCDEFGH.js')).text).toBe('main()');
  });

  it('leaves /api to the API', async () => {
    const res = await request(app).get('/api/nothing');

    expect(res.status).toBe(404);
    expect(res.text).not.toContain('app-root');
  });

  it('still gives <app-root> the nonce with a build that has no placeholder', async () => {
    const res = await request(appOf(plainClientDir())).get('/login').set('Accept-Language', 'ja');
    const nonce = nonceIn(String(res.headers['content-security-policy']), 'style-src');

    expect(res.text).toContain(`<app-root ngCspNonce="${nonce}">`);
  });
});

describe('serveWebClient, answering / and /login by the session', () => {
  const app = appOf(prerenderedClientDir(), {
    full: { mfaPending: false, passwordIsTemporary: false, role: 'user' },
    admin: { mfaPending: false, passwordIsTemporary: false, role: 'admin' },
    mfa: { mfaPending: true, passwordIsTemporary: false, role: 'user' },
    temporary: { mfaPending: false, passwordIsTemporary: true, role: 'admin' },
  });
  const get = (path: string, session?: string) =>
    request(app)
      .get(path)
      .set('Cookie', session ? `tobira_session=${session}` : '');

  it('sends a guest at the top page to the login before any of the app is sent', async () => {
    for (const session of [undefined, 'unknown']) {
      const res = await get('/', session);

      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/login');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).not.toContain('app-root');
    }
  });

  it('sends a session at the top page to its next sign-in step, or serves the page', async () => {
    expect((await get('/', 'mfa')).headers.location).toBe('/login/mfa');
    expect((await get('/', 'temporary')).headers.location).toBe('/password/required');
    const top = await get('/', 'full');
    expect(top.status).toBe(200);
    expect(top.text).toContain('shell()');
  });

  it('sends a signed-in user at the login to the page it names, or the top', async () => {
    expect((await get('/login', 'full')).headers.location).toBe('/');
    expect((await get('/login?returnUrl=%2Fsettings%2Fmfa', 'full')).headers.location).toBe(
      '/settings/mfa',
    );
    for (const unsafe of ['//evil.example', '/login/mfa', 'https://evil.example', '/\\evil']) {
      const res = await get(`/login?returnUrl=${encodeURIComponent(unsafe)}`, 'full');
      expect(res.headers.location).toBe('/');
    }
    expect((await get('/login?returnUrl=%2Fadmin', 'temporary')).headers.location).toBe(
      '/password/required?returnUrl=%2Fadmin',
    );
  });

  it('serves the login to a guest and to a session waiting for its MFA code', async () => {
    for (const session of [undefined, 'mfa']) {
      const res = await get('/login', session);

      expect(res.status).toBe(200);
      expect(res.text).toContain('prerendered');
    }
  });

  it('hides the prerendered administrator entries of the top page from anyone but an administrator', async () => {
    const user = await get('/', 'full');
    const nonce = nonceIn(String(user.headers['content-security-policy']), 'style-src');
    const admin = await get('/', 'admin');

    expect(user.text).toContain(`<style nonce="${nonce}">[data-admin-only]{display:none}</style>`);
    expect(admin.status).toBe(200);
    expect(admin.text).not.toContain('[data-admin-only]');
    expect((await get('/settings', 'full')).text).not.toContain('[data-admin-only]');
  });

  it('sends the page as it is when the session cannot be looked up', async () => {
    const failing = express();
    const handlers = serveWebClient(prerenderedClientDir(), () =>
      Promise.reject(new Error('database unreachable')),
    );
    for (const handler of handlers) failing.use(handler);

    const top = await request(failing).get('/').set('Cookie', 'tobira_session=full');
    const login = await request(failing).get('/login').set('Cookie', 'tobira_session=full');

    expect(top.status).toBe(200);
    expect(top.text).toContain('shell()');
    expect(login.status).toBe(200);
    expect(login.text).toContain('prerendered');
  });

  it('leaves the other pages to the client whatever the session', async () => {
    for (const path of ['/settings', '/login/mfa', '/password/required']) {
      expect((await get(path)).status).toBe(200);
    }
  });
});

describe('safeReturnUrl', () => {
  // The server's redirect of a signed-in user at /login and the client's after signing in must
  // agree on where a returnUrl may lead: the rule is in both builds (the server's cannot import
  // the client's file), so this compares the two on every kind of value.
  it.each([
    '/settings/mfa',
    '/admin/audit?kind=sign_in&page=2',
    '/admin/accounts/1f0e#top',
    '/loginhelp',
    '/password',
    '//evil.example/settings',
    '/\\evil.example',
    '/settings\\..\\x',
    'https://evil.example/',
    'javascript:alert(1)',
    'settings',
    '/settings\n/x',
    '/settings\u007f',
    '/',
    '/login',
    '/login?returnUrl=%2Fsettings',
    '/login/mfa',
    '/login/mfa/recovery',
    '/password/required',
    '/password/required?x=1',
    `/${'a'.repeat(2000)}`,
    '',
  ])('answers %j as the client does', (value) => {
    expect(safeReturnUrl(value)).toBe(clientSafeReturnUrl(value));
  });

  it.each([undefined, null, 42, ['/settings']])('refuses %j as the client does', (value) => {
    expect(safeReturnUrl(value)).toBeNull();
    expect(clientSafeReturnUrl(value)).toBeNull();
  });
});

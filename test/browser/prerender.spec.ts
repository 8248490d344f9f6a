import { expect, test, type Page, type Route } from '@playwright/test';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { issueAccount, signInFirstTime } from './support';

// The login page is prerendered at build time (client/src/app/app.routes.server.ts): it paints
// from its HTML before any JavaScript runs, and the browser then hydrates it.

const TEXTS = {
  'ja-JP': {
    product: '管理機能',
    lead: 'ユーザ名とパスワードを入力してください。',
    adminNote:
      '※アカウント管理者でログインする場合は、アカウント管理者のユーザ名を入力してください。',
    username: 'ユーザ名',
    password: 'パスワード',
    submit: 'ログイン',
    show: 'パスワードを表示',
  },
  'en-US': {
    product: 'Account portal',
    lead: 'Enter your username and password.',
    adminNote:
      "* To sign in as an account administrator, enter the account administrator's username.",
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    show: 'Show Password',
  },
} as const;

async function expectLoginPage(page: Page, texts: (typeof TEXTS)[keyof typeof TEXTS]) {
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Tobira');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(texts.product);
  await expect(page.getByText(texts.lead, { exact: true })).toBeVisible();
  await expect(page.getByText(texts.adminNote, { exact: true })).toBeVisible();
  await expect(page.getByLabel(texts.username, { exact: true })).toBeVisible();
  await expect(page.getByLabel(texts.password, { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: texts.submit, exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: texts.show, exact: true })).toBeVisible();
}

/** The browser reports the guest's 401 from GET /api/auth/session as a console error. */
function isGuestSessionCheck(text: string): boolean {
  return text.includes('status of 401');
}

/** The page's errors from now on (uncaught, or on the console), but the guest's session check. */
function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !isGuestSessionCheck(message.text())) {
      errors.push(message.text());
    }
  });
  return errors;
}

/** Every CSP violation the page reports on the console. */
function cspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      violations.push(message.text());
    }
  });
  return violations;
}

for (const locale of ['ja-JP', 'en-US'] as const) {
  test.describe(`The prerendered login page (${locale})`, () => {
    test('without JavaScript shows the manual texts and both fields, styled', async ({
      browser,
    }) => {
      const context = await browser.newContext({ javaScriptEnabled: false, locale });
      const page = await context.newPage();
      const violations = cspViolations(page);

      await page.goto('/login');

      await expect(page.locator('html')).toHaveAttribute('lang', locale.slice(0, 2));
      await expectLoginPage(page, TEXTS[locale]);
      // The stylesheet applies too: the primary button's blue, not the browser's grey.
      await expect(page.getByRole('button', { name: TEXTS[locale].submit, exact: true })).toHaveCSS(
        'background-color',
        'rgb(0, 23, 193)',
      );
      expect(violations).toEqual([]);
      await context.close();
    });

    test('paints before its scripts run, keeps what was typed then, and signs in once hydrated', async ({
      browser,
    }) => {
      const context = await browser.newContext({ locale });
      const page = await context.newPage();
      const violations = cspViolations(page);
      const errors = pageErrors(page);
      // Hold every script until the page has been read and typed into.
      const held: Route[] = [];
      let holding = true;
      await page.route('**/*.js', async (route) => {
        if (holding) held.push(route);
        else await route.continue();
      });
      const account = issueAccount();

      await page.goto('/login', { waitUntil: 'commit' });
      await expectLoginPage(page, TEXTS[locale]);
      expect(held.length).toBeGreaterThan(0);
      await page.getByLabel(TEXTS[locale].username, { exact: true }).fill(account.username);
      await page
        .getByLabel(TEXTS[locale].password, { exact: true })
        .fill(account.temporaryPassword);
      // Sent before the scripts ran: goes nowhere (not to the server, no password in the address).
      await page.getByRole('button', { name: TEXTS[locale].submit, exact: true }).click();
      expect(new URL(page.url()).pathname).toBe('/login');
      expect(page.url()).not.toContain(account.temporaryPassword);

      holding = false;
      for (const route of held.splice(0)) await route.continue();

      // The submit made before hydration is replayed with the typed values: the temporary
      // password leads to the forced change.
      await expect(page).toHaveURL(/\/password\/required$/);
      expect(violations).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });
  });
}

test('the login page is hydrated: the node painted from the HTML is the one the app uses', async ({
  page,
}) => {
  const errors = pageErrors(page);
  const held: Route[] = [];
  let holding = true;
  await page.route('**/*.js', async (route) => {
    if (holding) held.push(route);
    else await route.continue();
  });

  await page.goto('/login', { waitUntil: 'commit' });
  const input = await page.getByLabel('ユーザ名', { exact: true }).elementHandle();
  holding = false;
  for (const route of held.splice(0)) await route.continue();

  // Once hydrated, a sign-in without a username says so next to the field painted from the HTML.
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  expect(await input.evaluate((el) => el.isConnected)).toBe(true);
  expect(await input.getAttribute('aria-invalid')).toBe('true');
  expect(errors).toEqual([]);
});

test('a sign-in pressed between the two passes of the takeover is kept and sent once', async ({
  page,
}) => {
  // Taking over the page claims its nodes and listens to them in one pass and binds the form in
  // the next; Chromium delivers input before the timer that runs the second pass, so a press can
  // come between them (CI saw it lost once). The press is made right there: as soon as the form is
  // listened to, in the same turn, before the next pass can run.
  await page.addInitScript(() => {
    const add = EventTarget.prototype.addEventListener;
    let pressed = false;
    EventTarget.prototype.addEventListener = function (
      this: EventTarget,
      ...args: Parameters<EventTarget['addEventListener']>
    ) {
      add.apply(this, args);
      if (pressed || args[0] !== 'submit' || !(this instanceof HTMLFormElement)) return;
      if (!this.closest('app-login-page')) return;
      pressed = true;
      const button = this.querySelector<HTMLButtonElement>('button[type="submit"]');
      (document.getElementById('login-username') as HTMLInputElement).value = 'someone';
      (document.getElementById('login-password') as HTMLInputElement).value = 'Wrong-password-1';
      queueMicrotask(() => button?.click());
    };
  });
  const errors = pageErrors(page);
  const logins: string[] = [];
  await page.route('**/api/auth/login', (route) => {
    logins.push(route.request().postData() ?? '');
  });

  await page.goto('/login');
  const button = page.locator('form button[type="submit"]');
  await expect(button).toHaveAttribute('aria-disabled', 'true');
  await page.evaluate(() => fetch('/api/health'));
  expect(logins).toHaveLength(1);
  expect(JSON.parse(logins[0])).toEqual({ username: 'someone', password: 'Wrong-password-1' });
  expect(errors).toEqual([]);
});

test('a sign-in pressed while the page is taken over is sent once, even when the passkey autofill ends after it', async ({
  page,
}) => {
  // The browser's passkey autofill request on ユーザ名 (mediation "conditional") waits until the
  // test ends it, as the browser does when it gives up on it.
  await page.addInitScript(() => {
    const credentials = navigator.credentials;
    const get = credentials.get.bind(credentials);
    const autofill = window as unknown as { endPasskeyAutofill?: () => void };
    credentials.get = (options) =>
      options?.mediation === 'conditional'
        ? new Promise((_, reject) => {
            autofill.endPasskeyAutofill = () =>
              reject(new DOMException('The operation was not allowed.', 'NotAllowedError'));
          })
        : get(options);
  });
  // The session check a little slow: the press comes while the page is being taken over.
  await page.route('**/api/auth/session', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    await route.continue();
  });
  // Every sign-in is counted and held: the first one stays under way.
  let logins = 0;
  await page.route('**/api/auth/login', () => {
    logins++;
  });

  await page.goto('/login');
  await page.getByLabel('ユーザ名', { exact: true }).fill('someone');
  await page.getByLabel('パスワード', { exact: true }).fill('Wrong-password-1');
  const button = page.locator('form button[type="submit"]');
  await button.click();
  await expect(button).toHaveAttribute('aria-disabled', 'true');

  // The autofill request ends while the sign-in is under way; the page has rendered since.
  await page.waitForFunction(() => 'endPasskeyAutofill' in window);
  await page.evaluate(() =>
    (window as unknown as { endPasskeyAutofill: () => void }).endPasskeyAutofill(),
  );
  await page.evaluate(
    () =>
      new Promise((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve))),
      ),
  );

  // Still the sign-in's wait: a second press and Enter send nothing.
  await button.click({ force: true });
  await page.getByLabel('パスワード', { exact: true }).press('Enter');
  await page.evaluate(() => fetch('/api/health'));
  expect(logins).toBe(1);
  await expect(button).toHaveAttribute('aria-disabled', 'true');
});

test.describe('The server answers / and /login by the session cookie', () => {
  test('a guest at the top page is sent to the login by the server, before any script is loaded', async ({
    page,
  }) => {
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    let scriptsBeforeLogin: string[] | undefined;
    page.on('framenavigated', (frame) => {
      const atLogin = new URL(frame.url()).pathname === '/login';
      if (frame === page.mainFrame() && atLogin && scriptsBeforeLogin === undefined) {
        scriptsBeforeLogin = [...scripts];
      }
    });

    const response = await page.goto('/');

    const redirect = response?.request().redirectedFrom();
    expect(redirect && new URL(redirect.url()).pathname).toBe('/');
    expect((await redirect?.response())?.status()).toBe(302);
    expect(new URL(response!.url()).pathname).toBe('/login');
    // Nothing of the app was loaded to find out the guest belongs on the login page.
    expect(scriptsBeforeLogin).toEqual([]);
    await expect(page.getByLabel('ユーザ名', { exact: true })).toBeVisible();
  });

  test('a signed-in user at the login is sent by the server to the page it names, or the top', async ({
    page,
  }) => {
    const account = issueAccount();
    await signInFirstTime(page, account.username, account.temporaryPassword);

    const named = await page.goto('/login?returnUrl=%2Fsettings');
    expect((await named?.request().redirectedFrom()?.response())?.status()).toBe(302);
    await expect(page).toHaveURL(/\/settings$/);
    const top = await page.goto('/login');
    expect((await top?.request().redirectedFrom()?.response())?.status()).toBe(302);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('トップ');
  });
});

// The top page is prerendered too (without anyone's data): it paints its header, menu and cards
// from the HTML; the expiry and role are filled in once the browser has the session.
test.describe('The prerendered top page', () => {
  /** Sums the page's layout shifts (what Lighthouse's cumulative layout shift adds up). */
  async function watchLayoutShifts(page: Page): Promise<void> {
    await page.addInitScript(() => {
      const w = window as unknown as { layoutShift: number; shifted: string[] };
      w.layoutShift = 0;
      w.shifted = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & {
          value: number;
          hadRecentInput: boolean;
          sources: { node?: Node; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[];
        })[]) {
          if (entry.hadRecentInput) continue;
          w.layoutShift += entry.value;
          for (const source of entry.sources) {
            const node = source.node as Element | undefined;
            const name = node
              ? `${node.nodeName}.${node.className} "${node.textContent?.trim().slice(0, 30)}"`
              : '?';
            const rect = (r: DOMRectReadOnly) => `${r.x},${r.y} ${r.width}x${r.height}`;
            w.shifted.push(`${name}: ${rect(source.previousRect)} -> ${rect(source.currentRect)}`);
          }
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
  }

  test('paints its menu from the HTML before any script runs, then is taken over', async ({
    page,
  }) => {
    const account = issueAccount();
    await signInFirstTime(page, account.username, account.temporaryPassword);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    const held: Route[] = [];
    let holding = true;
    await page.route('**/*.js', async (route) => {
      if (holding) held.push(route);
      else await route.continue();
    });

    await page.goto('/', { waitUntil: 'commit' });
    const menu = page.getByRole('navigation', { name: 'メインメニュー' });
    await expect(menu.getByRole('link')).toHaveText([
      'トップ',
      '管理機能利用設定',
      'パスワード変更',
    ]);
    const main = page.getByRole('main');
    await expect(main.getByRole('heading', { level: 1 })).toHaveText('トップ');
    await expect(main.getByRole('link')).toHaveText([/管理機能利用設定/, /パスワード変更/]);
    expect(held.length).toBeGreaterThan(0);
    const card = await main.getByRole('link', { name: /パスワード変更/ }).elementHandle();

    holding = false;
    for (const route of held.splice(0)) await route.continue();

    await expect(page.locator('.account__role .room__value')).toHaveText('一般ユーザ');
    await expect(page.locator('.account__item').first()).toHaveText(/アカウント有効期限: -/);
    // Hydrated: the card painted from the HTML is the one the app uses, and it navigates
    // within the page (the router), not by loading another document.
    await page.waitForLoadState('networkidle');
    expect(await card?.evaluate((el) => el.isConnected)).toBe(true);
    await page.evaluate(() => ((window as unknown as { samePage: boolean }).samePage = true));
    await card?.click();
    await expect(page).toHaveURL(/\/password$/);
    expect(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBe(
      true,
    );
    expect(errors).toEqual([]);
  });

  /**
   * A proxy of the test server that sends the top page's HTML in two pieces, 1.5 s apart, cut
   * where `cut` says: a browser paints what it has read by then, as a slow or busy device does.
   */
  async function splittingProxy(
    upstream: URL,
    cut: (html: string) => number,
  ): Promise<{ url: string; close: () => void }> {
    const proxy = http.createServer((request, response) => {
      const forward = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: request.url,
          method: request.method,
          headers: request.headers,
        },
        (answer) => {
          const html = String(answer.headers['content-type']).startsWith('text/html');
          if (request.url !== '/' || !html) {
            response.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(response);
            return;
          }
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () => {
            const body = Buffer.concat(chunks).toString();
            const headers = { ...answer.headers };
            delete headers['content-length'];
            response.writeHead(answer.statusCode ?? 502, headers);
            const at = cut(body);
            expect(at).toBeGreaterThan(0);
            response.write(body.slice(0, at));
            setTimeout(() => response.end(body.slice(at)), 1500);
          });
        },
      );
      request.pipe(forward);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const { port } = proxy.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/`, close: () => proxy.close() };
  }

  /** Where the first piece ends (searched in the body: the head's CSS names them too). */
  const bodyOf = (html: string) => html.indexOf('<body');
  const CUTS: { where: string; width: number; cut: (html: string) => number }[] = [
    {
      where: 'after the role icon',
      width: 412,
      cut: (html) => html.indexOf('</svg>', html.indexOf('account__role', bodyOf(html))) + 6,
    },
    {
      where: 'inside the expiry',
      width: 412,
      cut: (html) => html.indexOf('account__expiry', bodyOf(html)),
    },
    {
      where: 'before the logout',
      width: 412,
      cut: (html) => html.lastIndexOf('<button', html.indexOf('ログアウト', bodyOf(html))),
    },
    {
      where: 'inside the first card',
      width: 1280,
      cut: (html) => html.indexOf('menu-card__body', bodyOf(html)) + 'menu-card__body'.length,
    },
  ];
  for (const { where, width, cut } of CUTS) {
    test(`painted before it is all read (cut ${where}, ${width} px), nothing moves`, async ({
      browser,
      baseURL,
    }) => {
      const context = await browser.newContext({
        locale: 'ja-JP',
        viewport: { width, height: 823 },
      });
      const page = await context.newPage();
      const account = issueAccount({ role: 'admin' });
      await signInFirstTime(page, account.username, account.temporaryPassword);
      // The session cookie is the host's (ports share cookies): the proxy's top page is the
      // signed-in one, prerendered.
      const proxy = await splittingProxy(new URL(baseURL ?? ''), cut);
      try {
        await watchLayoutShifts(page);
        await page.goto(proxy.url);
        await expect(page.locator('.account__role .room__value')).toHaveText('アカウント管理者');
        // Whole, the row shows.
        await expect(page.locator('.account__role')).toBeVisible();
        await expect(page.getByRole('button', { name: 'ログアウト', exact: true })).toBeVisible();
        await page.waitForLoadState('networkidle');
        const { firstPaint, responseEnd } = await page.evaluate(() => ({
          firstPaint: performance.getEntriesByName('first-paint')[0]?.startTime ?? Infinity,
          responseEnd: (
            performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming
          ).responseEnd,
        }));
        // The browser did paint the half-read page (else this proves nothing).
        expect(firstPaint).toBeLessThan(responseEnd);
        const { layoutShift, shifted } = await page.evaluate(() => {
          const w = window as unknown as { layoutShift: number; shifted: string[] };
          return { layoutShift: w.layoutShift, shifted: w.shifted };
        });
        expect(layoutShift, shifted.join('\n')).toBeLessThan(0.001);
      } finally {
        proxy.close();
        await context.close();
      }
    });
  }

  for (const { locale, role, expires, viewport } of [
    { locale: 'ja-JP', role: 'user', expires: '2099-03-31', viewport: { width: 412, height: 823 } },
    { locale: 'ja-JP', role: 'admin', expires: undefined, viewport: { width: 412, height: 823 } },
    {
      locale: 'en-US',
      role: 'admin',
      expires: '2099-03-31',
      viewport: { width: 1280, height: 800 },
    },
    { locale: 'en-US', role: 'user', expires: undefined, viewport: { width: 412, height: 823 } },
  ] as const) {
    test(`nothing moves when the session arrives (${locale}, ${role}, ${viewport.width} px)`, async ({
      browser,
    }) => {
      const context = await browser.newContext({ locale, viewport });
      const page = await context.newPage();
      const account = issueAccount({ role, expires });
      await signInFirstTime(page, account.username, account.temporaryPassword);
      // Away first: the top page the change led to keeps its 「changed」 notice in the history state.
      await page.goto('/settings');
      await watchLayoutShifts(page);
      // The session's answer comes a little late: the page has painted from its HTML by then.
      let painted = false;
      await page.route('**/api/auth/session', async (route) => {
        await page.waitForFunction(() => performance.getEntriesByType('paint').length > 0);
        painted = true;
        await new Promise((resolve) => setTimeout(resolve, 300));
        await route.continue();
      });

      await page.goto('/');
      const cards = page.locator('.menu-cards a:visible');
      await expect(page.locator('.account__role .room__value')).toHaveText(
        role === 'admin' ? /アカウント管理者|Account administrator/ : /一般ユーザ|General user/,
      );
      await expect(cards).toHaveCount(role === 'admin' ? 3 : 2);
      await page.waitForLoadState('networkidle');
      await page.evaluate(
        () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
      );

      expect(painted).toBe(true);
      const { layoutShift, shifted } = await page.evaluate(() => {
        const w = window as unknown as { layoutShift: number; shifted: string[] };
        return { layoutShift: w.layoutShift, shifted: w.shifted };
      });
      expect(layoutShift, shifted.join('\n')).toBeLessThan(0.001);
      await context.close();
    });
  }
});

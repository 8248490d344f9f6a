import * as argon2 from 'argon2';
import { BrowserLikeClient } from '../support/browser-like-client';
import { issueAccount, strongPassword, uniqueUsername } from '../support/factories';
import { authenticatedRoutes } from '../support/routes';
import { createTestApp, type TestApp } from '../support/test-app';
import { snapshotTables } from '../support/test-database';

describe('The journey over HTTP', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp();
  });

  afterAll(async () => {
    await sut.close();
  });

  const client = () => new BrowserLikeClient(sut.app);

  async function signedInWithTemporaryPassword() {
    const account = await issueAccount(sut.accounts);
    const browser = client();
    const res = await browser.signIn(account.username, account.password);
    expect(res.status).toBe(200);
    return { ...account, browser };
  }

  async function activeAccount() {
    const { username, password, browser } = await signedInWithTemporaryPassword();
    const newPassword = strongPassword();
    const res = await browser.post('/api/auth/password', {
      currentPassword: password,
      newPassword,
      newPasswordConfirmation: newPassword,
    });
    expect(res.status).toBe(200);
    return { username, password: newPassword, browser };
  }

  describe('sign-in', () => {
    it('answers the session and sets an HttpOnly, SameSite=Strict session cookie, not Secure over plain HTTP', async () => {
      const account = await issueAccount(sut.accounts, { expiresOn: '2099-12-31' });
      const browser = client();

      const res = await browser.signIn(account.username, account.password);

      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        username: account.username,
        role: 'user',
        expiresOn: '2099-12-31',
        passwordChangeRequired: true,
        mfaRequired: false,
      });
      const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) =>
        c.startsWith('tobira_session='),
      );
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      expect(cookie).not.toMatch(/Secure/);
    });

    it('accepts the username in any case', async () => {
      const account = await issueAccount(sut.accounts, { username: uniqueUsername('MixedCase') });
      const res = await client().signIn(account.username.toUpperCase(), account.password);
      expect(res.status).toBe(200);
    });

    it('gives a new token at every sign-in and ends the session the browser had before', async () => {
      const { username, password, browser } = await activeAccount();
      const before = browser.sessionToken;

      await browser.signIn(username, password);

      expect(browser.sessionToken).toBeDefined();
      expect(browser.sessionToken).not.toBe(before);
      const old = await client().get('/api/auth/session', { Cookie: `tobira_session=${before}` });
      expect(old.status).toBe(401);
    });

    it('answers an unknown username and a wrong password with the same status and body', async () => {
      const account = await issueAccount(sut.accounts);
      const unknown = await client().signIn(uniqueUsername('nobody'), 'Whatever-123');
      const wrong = await client().signIn(account.username, 'Whatever-123');

      expect(unknown.status).toBe(401);
      expect(wrong.status).toBe(401);
      expect(unknown.body).toEqual(wrong.body);
      expect(wrong.body).toEqual({
        statusCode: 401,
        code: 'INVALID_CREDENTIALS',
        message: 'ユーザ名またはパスワードが正しくありません。',
      });
    });

    it('takes as long for an unknown username as for a wrong password', async () => {
      const account = await issueAccount(sut.accounts);
      const browser = client();
      await browser.get('/api/health');
      const time = async (username: string) => {
        const started = process.hrtime.bigint();
        await browser.signIn(username, 'Whatever-123');
        return Number(process.hrtime.bigint() - started) / 1e6;
      };
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 16; i++) {
        known.push(await time(account.username));
        unknown.push(await time(uniqueUsername('ghost')));
      }
      const quantile = (xs: number[], q: number) =>
        [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * q)];
      const noise = Math.max(
        quantile(known, 0.75) - quantile(known, 0.25),
        quantile(unknown, 0.75) - quantile(unknown, 0.25),
      );
      const [k, u] = [quantile(known, 0.5), quantile(unknown, 0.5)];
      // Without the dummy verification an unknown username answers in a small fraction of the time
      // (a few ms against ~20 ms): far outside both the spread of the samples and a 25 % margin.
      const difference = Math.abs(k - u);
      expect(difference <= noise || difference / Math.max(k, u) < 0.25).toBe(true);
      expect(difference / Math.max(k, u)).toBeLessThan(0.5);
    });

    it('refuses an expired account only after the right password, and generically before', async () => {
      const account = await issueAccount(sut.accounts, { expiresOn: '2020-01-01' });

      const wrong = await client().signIn(account.username, 'Whatever-123');
      const right = await client().signIn(account.username, account.password);

      expect(wrong.status).toBe(401);
      expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
      expect(right.status).toBe(403);
      expect(right.body.code).toBe('ACCOUNT_EXPIRED');
      expect(right.headers['set-cookie']?.toString() ?? '').not.toMatch(/tobira_session=/);
    });

    it('refuses a disabled account even with the right password', async () => {
      const account = await issueAccount(sut.accounts);
      await sut.db.dataSource.query('UPDATE users SET disabled = true WHERE username = $1', [
        account.username,
      ]);

      const res = await client().signIn(account.username, account.password);

      expect(res.status).toBe(403);
      expect(res.body.code).toBe('ACCOUNT_DISABLED');
    });

    it('refuses a temporary password past its validity', async () => {
      const account = await issueAccount(sut.accounts);
      await sut.db.dataSource.query(
        `UPDATE users SET temporary_password_expires_at = now() - interval '1 minute' WHERE username = $1`,
        [account.username],
      );

      const res = await client().signIn(account.username, account.password);

      expect(res.status).toBe(403);
      expect(res.body.code).toBe('TEMPORARY_PASSWORD_EXPIRED');
    });

    it('upgrades a hash made with weaker parameters at the next sign-in', async () => {
      const account = await activeAccount();
      const weak = await argon2.hash(account.password, {
        type: argon2.argon2id,
        memoryCost: 4096,
        timeCost: 1,
        parallelism: 1,
      });
      await sut.db.dataSource.query('UPDATE users SET password_hash = $2 WHERE username = $1', [
        account.username,
        weak,
      ]);

      const res = await client().signIn(account.username, account.password);

      expect(res.status).toBe(200);
      const [{ password_hash }] = await sut.db.dataSource.query(
        'SELECT password_hash FROM users WHERE username = $1',
        [account.username],
      );
      expect(password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    });
  });

  describe('while the password is temporary', () => {
    it('allows the session info', async () => {
      const { browser } = await signedInWithTemporaryPassword();
      const res = await browser.get('/api/auth/session');
      expect(res.status).toBe(200);
      expect(res.body.passwordChangeRequired).toBe(true);
    });

    it('refuses every other authenticated route, including ones that declare nothing', async () => {
      const { browser } = await signedInWithTemporaryPassword();
      const routes = authenticatedRoutes(sut).filter(
        (r) => !['/api/auth/session', '/api/auth/logout', '/api/auth/password'].includes(r.path),
      );
      expect(routes.length).toBeGreaterThan(0);
      for (const route of routes) {
        const res =
          route.method === 'get'
            ? await browser.get(route.path)
            : await browser.post(route.path, {});
        expect({ route, status: res.status, code: res.body.code }).toEqual({
          route,
          status: 403,
          code: 'PASSWORD_CHANGE_REQUIRED',
        });
      }
    });

    it('allows signing out', async () => {
      const { browser } = await signedInWithTemporaryPassword();
      const res = await browser.post('/api/auth/logout');
      expect(res.status).toBe(200);
    });
  });

  describe('password change', () => {
    it('clears the temporary state, renews this session and ends the other sessions', async () => {
      const { username, password, browser } = await signedInWithTemporaryPassword();
      const other = client();
      await other.signIn(username, password);
      const tokenBefore = browser.sessionToken;
      const newPassword = strongPassword();

      const res = await browser.post('/api/auth/password', {
        currentPassword: password,
        newPassword,
        newPasswordConfirmation: newPassword,
      });

      expect(res.status).toBe(200);
      expect(res.body.passwordChangeRequired).toBe(false);
      expect(browser.sessionToken).not.toBe(tokenBefore);
      expect((await browser.get('/api/test-probe')).status).toBe(200);
      expect((await other.get('/api/auth/session')).status).toBe(401);
      expect(
        (await client().get('/api/auth/session', { Cookie: `tobira_session=${tokenBefore}` }))
          .status,
      ).toBe(401);
      expect((await client().signIn(username, password)).status).toBe(401);
      expect((await client().signIn(username, newPassword)).status).toBe(200);
    });

    it('reports every problem at once and changes nothing', async () => {
      const { username, browser } = await signedInWithTemporaryPassword();
      const before = await snapshotTables(sut.db.dataSource);

      const res = await browser.post('/api/auth/password', {
        currentPassword: 'not-the-password',
        newPassword: `ab${username}`,
        newPasswordConfirmation: 'something else',
      });

      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      const problems = (res.body.errors as { field: string; code: string }[]).map(
        (e) => `${e.field}:${e.code}`,
      );
      expect(problems).toEqual(
        expect.arrayContaining([
          'currentPassword:CURRENT_PASSWORD_INCORRECT',
          'newPassword:UPPERCASE',
          'newPassword:NOT_USERNAME',
          'newPasswordConfirmation:CONFIRMATION_MISMATCH',
        ]),
      );
      expect(await snapshotTables(sut.db.dataSource)).toEqual(before);
    });

    it('words policy problems in English for an English client', async () => {
      const { password, browser } = await signedInWithTemporaryPassword();
      const res = await browser.post(
        '/api/auth/password',
        { currentPassword: password, newPassword: 'short', newPasswordConfirmation: 'short' },
        { headers: { 'Accept-Language': 'en-US,en;q=0.9' } },
      );
      expect(res.status).toBe(400);
      const minLength = (res.body.errors as { code: string; message: string }[]).find(
        (e) => e.code === 'MIN_LENGTH',
      );
      expect(minLength?.message).toMatch(/10 characters/);
    });

    it('refuses the current password and the recent ones', async () => {
      const { password: first, browser } = await activeAccount();
      const second = strongPassword();
      const change = (currentPassword: string, newPassword: string) =>
        browser.post('/api/auth/password', {
          currentPassword,
          newPassword,
          newPasswordConfirmation: newPassword,
        });
      expect((await change(first, second)).status).toBe(200);

      const same = await change(second, second);
      const recent = await change(second, first);

      expect(same.body.errors.map((e: { code: string }) => e.code)).toContain('NOT_CURRENT');
      expect(recent.body.errors.map((e: { code: string }) => e.code)).toEqual(['NOT_RECENT']);
    });
  });

  describe('sessions', () => {
    it('ends the session on the server at sign-out', async () => {
      const { browser } = await activeAccount();
      const token = browser.sessionToken;

      expect((await browser.post('/api/auth/logout')).status).toBe(200);

      const replay = await client().get('/api/auth/session', { Cookie: `tobira_session=${token}` });
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('UNAUTHENTICATED');
    });

    it('stores only a hash of the token', async () => {
      const { browser } = await activeAccount();
      const rows: { token_hash: Buffer }[] = await sut.db.dataSource.query(
        'SELECT token_hash FROM sessions',
      );
      const token = browser.sessionToken!;
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
      for (const row of rows) expect(row.token_hash.toString('base64url')).not.toBe(token);
    });

    it('ends an idle session after the idle timeout', async () => {
      const { username, browser } = await activeAccount();
      await sut.db.dataSource.query(
        `UPDATE sessions SET last_seen_at = now() - interval '31 minutes'
          WHERE user_id = (SELECT id FROM users WHERE username = $1)`,
        [username],
      );
      expect((await browser.get('/api/auth/session')).status).toBe(401);
    });

    it('ends a session at its absolute timeout however active it is', async () => {
      const { username, browser } = await activeAccount();
      await sut.db.dataSource.query(
        `UPDATE sessions SET absolute_expires_at = now() - interval '1 second'
          WHERE user_id = (SELECT id FROM users WHERE username = $1)`,
        [username],
      );
      expect((await browser.get('/api/auth/session')).status).toBe(401);
    });

    it('ends the sessions of an account once its expiry date has passed or it is disabled', async () => {
      const expired = await activeAccount();
      const disabled = await activeAccount();
      await sut.db.dataSource.query(
        `UPDATE users SET expires_on = '2020-01-01' WHERE username = $1`,
        [expired.username],
      );
      await sut.db.dataSource.query('UPDATE users SET disabled = true WHERE username = $1', [
        disabled.username,
      ]);

      expect((await expired.browser.get('/api/auth/session')).status).toBe(401);
      expect((await disabled.browser.get('/api/auth/session')).status).toBe(401);
    });
  });

  describe('CSRF', () => {
    it.each([
      ['/api/auth/login', false],
      ['/api/auth/logout', true],
      ['/api/auth/password', true],
      ['/api/test-probe', true],
    ])(
      'refuses POST %s without the X-XSRF-TOKEN header and writes nothing',
      async (path, signedIn) => {
        const account = signedIn
          ? await activeAccount()
          : { browser: client(), username: 'x', password: 'y' };
        const before = await snapshotTables(sut.db.dataSource);

        const res = await account.browser.post(
          path,
          { username: account.username, password: account.password },
          { xsrf: false },
        );

        expect(res.status).toBe(403);
        expect(res.body.code).toBe('CSRF_TOKEN_INVALID');
        expect(await snapshotTables(sut.db.dataSource)).toEqual(before);
      },
    );

    it('refuses a header that does not match the cookie', async () => {
      const browser = client();
      await browser.get('/api/health');
      const res = await browser.post(
        '/api/auth/login',
        { username: 'a', password: 'b' },
        {
          xsrf: false,
          headers: { 'X-XSRF-TOKEN': 'A'.repeat(43) },
        },
      );
      expect(res.status).toBe(403);
    });
  });

  describe('public endpoints', () => {
    it('serves health, the client settings, the password policy and the OpenAPI document', async () => {
      const browser = client();
      expect((await browser.get('/api/health')).body).toEqual({ status: 'ok', database: 'up' });
      expect((await browser.get('/api/config')).body).toEqual({
        productName: 'Tobira',
        supportUrl: expect.any(String),
        supportUrlMfa: expect.any(String),
        supportUrlPassword: expect.any(String),
        temporaryPasswordDays: 7,
        sessionIdleMinutes: 30,
      });
      const policy = await browser.get('/api/password-policy');
      expect(policy.body.summary).toBe(
        'パスワードは、10文字以上255文字以内の長さで、半角の英大文字と数字・記号を混在させてください。',
      );
      const docs = await browser.get('/api/docs-json');
      expect(Object.keys(docs.body.paths)).toEqual(
        expect.arrayContaining(['/api/auth/login', '/api/auth/password', '/api/password-policy']),
      );
    });

    it('answers unknown API paths with JSON 404', async () => {
      const res = await client().get('/api/nothing-here');
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    });
  });
});

/** Every route the server has that needs a session, from Express's own routing table. */

import { randomBytes } from 'node:crypto';
import { runCli } from '../support/cli';
import { strongPassword } from '../support/factories';
import { type ServerProcess, startServerProcess, TEST_XSRF } from '../support/server-process';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

jest.setTimeout(120_000);

type Line = Record<string, unknown>;

/**
 * The real server's standard output (LOG_LEVEL=debug, so every request has its line) while requests
 * carry passwords, tokens, cookies and codes in every place a client can put them.
 */
describe('Structured logs', () => {
  let db: TestDatabase;
  let server: ServerProcess;
  let account: { username: string; temporaryPassword: string; id: string };

  beforeAll(async () => {
    db = await createTestDatabase();
    const created = await runCli(db.url, 'account', 'create', '--username', 'logged', '--json');
    expect(created.code).toBe(0);
    const { username, temporaryPassword } = JSON.parse(created.stdout) as {
      username: string;
      temporaryPassword: string;
    };
    const [{ id }]: { id: string }[] = await db.dataSource.query(
      'SELECT id FROM users WHERE username = $1',
      [username],
    );
    account = { username, temporaryPassword, id };
    server = await startServerProcess(db.url, {
      LOG_LEVEL: 'debug',
      MFA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      DATA_DIR: `/tmp/tobira-logging-${randomBytes(4).toString('hex')}`,
    });
  });

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  function call(
    method: string,
    path: string,
    options: { body?: string | object; headers?: Record<string, string>; cookie?: string } = {},
  ): Promise<Response> {
    const { body } = options;
    return fetch(`${server.base}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        cookie: `XSRF-TOKEN=${TEST_XSRF}${options.cookie ? `; ${options.cookie}` : ''}`,
        'x-xsrf-token': TEST_XSRF,
        ...options.headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  /** The lines of `reqId`, once `count` of them (at least) have been written (or after 30 s). */
  async function linesOf(reqId: string, count: number): Promise<Line[]> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const lines = server.lines().filter((line) => line.reqId === reqId);
      if (lines.length >= count || Date.now() > deadline) return lines;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const sessionCookie = (res: Response) =>
    res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .find((c) => c.startsWith('tobira_session=') || c.startsWith('__Host-tobira_session='))!;

  it('takes the request id from X-Request-Id, answers it, and puts it on every line of the request', async () => {
    const wrong = await call('POST', '/api/auth/login', {
      body: { username: account.username, password: 'Wrong-Passw0rd-never-logged' },
      headers: { 'X-Request-Id': 'proxy-id-wrong-1' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('x-request-id')).toBe('proxy-id-wrong-1');

    const lines = await linesOf('proxy-id-wrong-1', 2);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        context: 'Audit',
        msg: 'security event',
        kind: 'sign_in.failed',
        detail: { reason: 'wrong_password' },
      }),
      expect.objectContaining({
        level: 'info',
        msg: 'request',
        method: 'POST',
        path: '/api/auth/login',
        route: '/api/auth/login',
        status: 401,
      }),
    ]);
  });

  it('makes one up when there is none, or when it is not a plain short token', async () => {
    const none = await call('GET', '/api/health/live');
    const made = none.headers.get('x-request-id')!;
    expect(made).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    for (const bad of ['has spaces', '<script>', 'x'.repeat(129), '"quoted"']) {
      const res = await call('GET', '/api/health/live', { headers: { 'X-Request-Id': bad } });
      const id = res.headers.get('x-request-id')!;
      expect(id).not.toBe(bad);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(await linesOf(made, 1)).toEqual([
      expect.objectContaining({ level: 'debug', msg: 'request', status: 200 }),
    ]);
  });

  it('adds the account id once the session is known, and never logs a password, token, cookie or code', async () => {
    const signIn = await call('POST', '/api/auth/login', {
      body: { username: account.username, password: account.temporaryPassword },
      headers: { 'X-Request-Id': 'proxy-id-signin' },
    });
    expect(signIn.status).toBe(200);
    const cookie = sessionCookie(signIn);
    const token = cookie.split('=')[1];
    expect(token.length).toBeGreaterThan(20);

    const newPassword = strongPassword();
    const changed = await call('POST', '/api/auth/password', {
      body: {
        currentPassword: account.temporaryPassword,
        newPassword,
        newPasswordConfirmation: newPassword,
      },
      cookie,
      headers: { 'X-Request-Id': 'proxy-id-change' },
    });
    expect(changed.status).toBe(200);
    const renewed = sessionCookie(changed);

    // Secrets in the query, the Authorization header, a cookie, bodies that fail validation and a
    // body that is not even JSON.
    const secrets = {
      queryCode: '918273',
      queryToken: `tok-${randomBytes(8).toString('hex')}`,
      bearer: `bearer-${randomBytes(8).toString('hex')}`,
      mfaCode: '564738',
      recoveryCode: `rc-${randomBytes(6).toString('hex')}`,
      brokenJsonPassword: `Broken-${randomBytes(6).toString('hex')}`,
    };
    await call('GET', `/api/auth/session?code=${secrets.queryCode}&token=${secrets.queryToken}`, {
      cookie: renewed,
      headers: { Authorization: `Bearer ${secrets.bearer}`, 'X-Request-Id': 'proxy-id-query' },
    });
    await call('POST', '/api/auth/mfa/code', { body: { code: secrets.mfaCode }, cookie: renewed });
    await call('POST', '/api/auth/mfa/recovery-code', {
      body: { recoveryCode: secrets.recoveryCode },
      cookie: renewed,
    });
    const broken = await call('POST', '/api/auth/login', {
      body: `{"username":"${account.username}","password":"${secrets.brokenJsonPassword}"`,
    });
    expect(broken.status).toBe(400);
    await call('POST', '/api/auth/login', {
      body: {
        username: account.username,
        password: newPassword,
        extra: { token: secrets.queryToken },
      },
    });

    const changeLines = await linesOf('proxy-id-change', 2);
    expect(changeLines).toEqual([
      expect.objectContaining({
        msg: 'security event',
        kind: 'password.changed',
        accountId: account.id,
      }),
      expect.objectContaining({ msg: 'request', status: 200, accountId: account.id }),
    ]);
    const queryLines = await linesOf('proxy-id-query', 1);
    expect(queryLines).toEqual([
      expect.objectContaining({ msg: 'request', path: '/api/auth/session', accountId: account.id }),
    ]);

    // Give the last requests' lines time to arrive, then search all of the output.
    await new Promise((r) => setTimeout(r, 1000));
    const output = server.stdout() + server.stderr();
    const leaked = Object.entries({
      temporaryPassword: account.temporaryPassword,
      newPassword,
      wrongPassword: 'Wrong-Passw0rd-never-logged',
      sessionToken: token,
      renewedToken: renewed.split('=')[1],
      xsrfToken: TEST_XSRF,
      ...secrets,
    }).filter(([, secret]) => output.includes(secret));
    expect(leaked).toEqual([]);
    // Every line is JSON, and every request's line has its id.
    const lines = output.split('\n').filter((line) => line.trim() !== '');
    expect(lines.filter((line) => !line.startsWith('{'))).toEqual([]);
    const requestLines = server.lines().filter((line) => line.msg === 'request');
    expect(requestLines.length).toBeGreaterThan(8);
    expect(requestLines.filter((line) => typeof line.reqId !== 'string')).toEqual([]);
    const events = server.lines().filter((line) => line.msg === 'security event');
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(events.filter((line) => typeof line.reqId !== 'string')).toEqual([]);
  });
  it('gives the OpenID Connect routes a request id and a line, labelled by their pattern', async () => {
    const discovery = await fetch(`${server.base}/.well-known/openid-configuration`, {
      headers: { 'X-Request-Id': 'proxy-id-discovery' },
    });
    expect(discovery.status).toBe(200);
    expect(discovery.headers.get('x-request-id')).toBe('proxy-id-discovery');
    expect(await linesOf('proxy-id-discovery', 1)).toEqual([
      expect.objectContaining({
        level: 'debug',
        msg: 'request',
        method: 'GET',
        path: '/.well-known/openid-configuration',
        route: '/.well-known/openid-configuration',
        status: 200,
      }),
    ]);

    const secret = `client-secret-${randomBytes(8).toString('hex')}`;
    const token = await fetch(`${server.base}/oidc/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`no-such-client:${secret}`).toString('base64')}`,
        'X-Request-Id': 'proxy-id-token',
      },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: secret }).toString(),
    });
    expect(token.status).toBe(401);
    expect(token.headers.get('x-request-id')).toBe('proxy-id-token');
    // The provider's own record of the refusal is logged inside the request, with its id.
    const lines = await linesOf('proxy-id-token', 2);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ msg: 'security event', kind: 'oidc.refused' }),
        expect.objectContaining({
          level: 'info',
          msg: 'request',
          method: 'POST',
          path: '/oidc/token',
          route: '/oidc/token',
          status: 401,
        }),
      ]),
    );
    expect(server.stdout() + server.stderr()).not.toContain(secret);
  });
});

import request from 'supertest';
import type { App } from 'supertest/types';
import { BrowserLikeClient } from '../support/browser-like-client';
import { issueAccount, strongPassword } from '../support/factories';
import { createTestApp, type TestApp } from '../support/test-app';
import { snapshotTables } from '../support/test-database';

interface Case {
  name: string;
  body: unknown;
  /** The field the answer must name, when the problem is one field's. */
  field?: string;
  status?: number;
}

const LOGIN_CASES: Case[] = [
  { name: 'missing username', body: { password: 'Whatever-123' }, field: 'username' },
  { name: 'missing password', body: { username: 'someone' }, field: 'password' },
  { name: 'empty body', body: {}, field: 'username' },
  {
    name: 'username as a number',
    body: { username: 42, password: 'Whatever-123' },
    field: 'username',
  },
  {
    name: 'password as an object',
    body: { username: 'someone', password: { $gt: '' } },
    field: 'password',
  },
  { name: 'username null', body: { username: null, password: 'Whatever-123' }, field: 'username' },
  {
    name: 'username as an array',
    body: { username: ['a'], password: 'Whatever-123' },
    field: 'username',
  },
  {
    name: 'an extra field',
    body: { username: 'someone', password: 'Whatever-123', admin: true },
    field: 'admin',
  },
  {
    name: '1,000-character username',
    body: { username: 'a'.repeat(1000), password: 'Whatever-123' },
    field: 'username',
  },
  {
    name: '__proto__ key',
    body: JSON.parse('{"username":"a","password":"b","__proto__":{"x":1}}'),
    field: '__proto__',
  },
  {
    name: 'constructor key',
    body: { username: 'a', password: 'b', constructor: { prototype: {} } },
    field: 'constructor',
  },
  { name: 'a JSON array', body: [1, 2, 3] },
];

const CHANGE_CASES: Case[] = [
  { name: 'missing fields', body: {}, field: 'currentPassword' },
  {
    name: 'wrong types',
    body: { currentPassword: 1, newPassword: true, newPasswordConfirmation: [] },
    field: 'newPassword',
  },
  {
    name: 'an extra field',
    body: { currentPassword: 'a', newPassword: 'b', newPasswordConfirmation: 'b', role: 'admin' },
    field: 'role',
  },
  {
    name: 'a 5,000-character password',
    body: { currentPassword: 'a', newPassword: 'A1'.repeat(2500), newPasswordConfirmation: 'x' },
    field: 'newPassword',
  },
];

describe('Bad input', () => {
  let sut: TestApp;
  let signedIn: BrowserLikeClient;

  beforeAll(async () => {
    sut = await createTestApp();
    const account = await issueAccount(sut.accounts);
    signedIn = new BrowserLikeClient(sut.app);
    await signedIn.signIn(account.username, account.password);
    const password = strongPassword();
    await signedIn.post('/api/auth/password', {
      currentPassword: account.password,
      newPassword: password,
      newPasswordConfirmation: password,
    });
  });

  afterAll(async () => {
    await sut.close();
  });

  async function expectRefusedWithoutWrites(send: () => Promise<request.Response>, expected: Case) {
    const before = await snapshotTables(sut.db.dataSource);
    const res = await send();
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    if (expected.status) expect(res.status).toBe(expected.status);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(typeof res.body.code).toBe('string');
    if (expected.field) {
      expect((res.body.errors as { field: string }[]).map((e) => e.field)).toContain(
        expected.field,
      );
    }
    expect(await snapshotTables(sut.db.dataSource)).toEqual(before);
    return res;
  }

  it.each(LOGIN_CASES)('sign-in refuses $name with a 400 naming the field', async (c) => {
    const browser = new BrowserLikeClient(sut.app);
    await expectRefusedWithoutWrites(() => browser.post('/api/auth/login', c.body as object), {
      status: 400,
      ...c,
    });
  });

  it.each(CHANGE_CASES)('password change refuses $name with a 400 naming the field', async (c) => {
    await expectRefusedWithoutWrites(() => signedIn.post('/api/auth/password', c.body as object), {
      status: 400,
      ...c,
    });
  });

  function raw(path: string, contentType: string, payload: string | Buffer) {
    return async () => {
      if (!signedIn.cookies.has('XSRF-TOKEN')) await signedIn.get('/api/health');
      return request(sut.app.getHttpServer() as App)
        .post(path)
        .set({
          Cookie: signedIn.cookieHeader(),
          'X-XSRF-TOKEN': signedIn.cookies.get('XSRF-TOKEN')!,
          'Content-Type': contentType,
        })
        .send(payload);
    };
  }

  it.each(['/api/auth/login', '/api/auth/password'])('%s refuses malformed JSON', async (path) => {
    const res = await expectRefusedWithoutWrites(
      raw(path, 'application/json', '{"username": "a",'),
      { name: '', body: null, status: 400 },
    );
    expect(res.body.code).toBe('MALFORMED_JSON');
  });

  it.each(['"username"', 'null', '42', 'true'])(
    'sign-in refuses the JSON document %s',
    async (payload) => {
      await expectRefusedWithoutWrites(raw('/api/auth/login', 'application/json', payload), {
        name: '',
        body: null,
        status: 400,
      });
    },
  );

  it('names a __proto__ key nested inside the body', async () => {
    await expectRefusedWithoutWrites(
      raw(
        '/api/auth/login',
        'application/json',
        '{"username":"a","password":"b","x":{"__proto__":{"admin":true}}}',
      ),
      { name: '', body: null, status: 400, field: 'x.__proto__' },
    );
  });

  it.each(['/api/auth/login', '/api/auth/password'])('%s refuses a 10 MB body', async (path) => {
    const big = JSON.stringify({ username: 'a'.repeat(10 * 1024 * 1024), password: 'x' });
    const res = await expectRefusedWithoutWrites(raw(path, 'application/json', big), {
      name: '',
      body: null,
      status: 413,
    });
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it.each([
    ['text/plain', 'username=a&password=b'],
    ['application/x-www-form-urlencoded', 'username=a&password=b'],
    [
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="username"\r\n\r\na\r\n--x--',
    ],
  ])('sign-in refuses the content type %s', async (type, payload) => {
    const res = await expectRefusedWithoutWrites(raw('/api/auth/login', type, payload), {
      name: '',
      body: null,
      status: 415,
    });
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('treats SQL and HTML meta-characters in a username as plain text', async () => {
    const browser = new BrowserLikeClient(sut.app);
    const before = await snapshotTables(sut.db.dataSource);
    for (const username of [
      "' OR 1=1 --",
      '<script>alert(1)</script>',
      'a"; DROP TABLE users; --',
      '％ｆｕｌｌ',
    ]) {
      const res = await browser.signIn(username, 'Whatever-123');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
    }
    expect(await snapshotTables(sut.db.dataSource)).toEqual(before);
  });

  it('answers control characters and full-width text in the new password with policy errors, not a crash', async () => {
    const res = await signedIn.post('/api/auth/password', {
      currentPassword: 'x',
      newPassword: 'Ｐａｓｓｗｏｒｄ１２３\u0007\u001b',
      newPasswordConfirmation: 'Ｐａｓｓｗｏｒｄ１２３\u0007\u001b',
    });
    expect(res.status).toBe(400);
    expect((res.body.errors as { code: string }[]).map((e) => e.code)).toContain('ASCII_PRINTABLE');
  });

  it.each([
    ['/api/auth/login', { username: 'a\u0000b', password: 'x' }, 'username'],
    [
      '/api/auth/password',
      { currentPassword: 'x', newPassword: 'A1\u0000aaaaaaaa', newPasswordConfirmation: 'x' },
      'newPassword',
    ],
  ])(
    '%s refuses a NUL character (PostgreSQL cannot store it) naming the field',
    async (path, body, field) => {
      const client = path === '/api/auth/login' ? new BrowserLikeClient(sut.app) : signedIn;
      await expectRefusedWithoutWrites(() => client.post(path, body), {
        name: '',
        body: null,
        status: 400,
        field,
      });
    },
  );

  const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it.each([
    ['/api/auth/login', deep(2000)],
    ['/api/auth/password', deep(2000)],
    ['/api/auth/login', `{"username":"a","password":${deep(40)}}`],
    ['/api/auth/password', `{"currentPassword":${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}}`],
  ])(
    '%s refuses deeply nested JSON with a 400 naming the problem, not a 500',
    async (path, json) => {
      const res = await expectRefusedWithoutWrites(raw(path, 'application/json', json), {
        name: '',
        body: null,
        status: 400,
      });
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors).toEqual([
        expect.objectContaining({
          code: 'TOO_DEEP',
          message: '入れ子が深すぎます (32 階層まで)。',
        }),
      ]);
    },
  );

  it('takes JSON nested as deeply as the limit allows to the handler', async () => {
    // 31 levels of arrays inside the body object: past the structural check, refused by validation.
    const res = await raw(
      '/api/auth/login',
      'application/json',
      `{"username":${deep(31)},"password":"x"}`,
    )();
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'username' })]);
  });

  it.each([
    ['/api/auth/logout', { reason: 'x' }],
    ['/api/mfa/enrollment', { secret: 'JBSWY3DPEHPK3PXP' }],
    ['/api/mfa/enrollment', []],
  ])(
    '%s takes no body: unknown fields are refused with 400, nothing written',
    async (path, body) => {
      const res = await expectRefusedWithoutWrites(() => signedIn.post(path, body), {
        name: '',
        body: null,
        status: 400,
      });
      expect(res.body.errors).toEqual([expect.objectContaining({ code: 'UNKNOWN_FIELD' })]);
      // The session is still there: the refused logout did not happen.
      expect((await signedIn.get('/api/auth/session')).status).toBe(200);
    },
  );
});

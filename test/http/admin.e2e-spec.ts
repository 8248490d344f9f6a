import { AuthService } from '../../server/auth/auth.service';
import { ContractProvisioning } from '../../server/accounts/contract-provisioning';
import { AuditLogSink } from '../../server/audit/audit-log.sink';
import { BrowserLikeClient } from '../support/browser-like-client';
import { strongPassword, uniqueUsername } from '../support/factories';
import { createTestApp, type TestApp } from '../support/test-app';
import { snapshotTables } from '../support/test-database';

// The bulk case hashes 1,000 passwords (about 20 s on two cores).
jest.setTimeout(180_000);

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** Every admin route as Express registered it, so routes added later are covered unedited. */
function adminRoutes(app: TestApp): { method: string; path: string }[] {
  const router = (app.app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } }).router;
  return router.stack
    .filter((layer) => layer.route?.path.startsWith('/api/admin/'))
    .flatMap((layer) =>
      Object.keys(layer.route!.methods).map((method) => ({ method, path: layer.route!.path })),
    );
}

function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

describe('Account administration over HTTP', () => {
  let sut: TestApp;
  let organizations: ContractProvisioning;

  beforeAll(async () => {
    sut = await createTestApp();
    organizations = sut.app.get(ContractProvisioning);
  });

  afterAll(async () => {
    await sut.close();
  });

  const client = () => new BrowserLikeClient(sut.app);

  /** Signs in with a temporary password and changes it, as a new user does. */
  async function signedIn(username: string, temporaryPassword: string) {
    const browser = client();
    expect((await browser.signIn(username, temporaryPassword)).status).toBe(200);
    const password = strongPassword();
    const res = await browser.post('/api/auth/password', {
      currentPassword: temporaryPassword,
      newPassword: password,
      newPasswordConfirmation: password,
    });
    expect(res.status).toBe(200);
    return { browser, username, password };
  }

  /** A contract with `admins` administrators and `users` general users, all signed in. */
  async function contract(admins = 1, users = 2) {
    const name = uniqueUsername('corp');
    const list = await organizations.create(
      { name, plan: 'ココナワーク', startsOn: null, admins, users },
      today(),
    );
    const signed = await Promise.all(
      list.accounts.map((a) => signedIn(a.username, a.temporaryPassword)),
    );
    const ids = new Map<string, string>(
      (
        await sut.db.dataSource.query<{ id: string; username: string }[]>(
          'SELECT id, username FROM users WHERE username = ANY($1)',
          [list.accounts.map((a) => a.username)],
        )
      ).map((r) => [r.username, r.id]),
    );
    const withId = signed.map((s) => ({ ...s, id: ids.get(s.username)! }));
    return {
      name,
      admins: withId.filter((_, i) => list.accounts[i].role === 'admin'),
      users: withId.filter((_, i) => list.accounts[i].role === 'user'),
    };
  }

  function call(browser: BrowserLikeClient, method: string, path: string, body: object = {}) {
    return method === 'get' ? browser.get(path) : browser.post(path, body);
  }

  describe('access', () => {
    it('answers 403 to a general user on every admin route, and 404 to another contract’s administrator on every route that names an account', async () => {
      const a = await contract(1, 1);
      const b = await contract(1, 0);
      const routes = adminRoutes(sut);
      expect(routes.length).toBeGreaterThanOrEqual(9);
      const target = a.users[0].id;

      for (const route of routes) {
        const path = route.path.replace(':id', target);
        const asUser = await call(a.users[0].browser, route.method, path);
        expect({ route, status: asUser.status, code: asUser.body.code }).toEqual({
          route,
          status: 403,
          code: 'ADMIN_ROLE_REQUIRED',
        });
        if (route.path.includes(':id')) {
          const asOther = await call(b.admins[0].browser, route.method, path);
          expect({ route, status: asOther.status }).toEqual({ route, status: 404 });
        }
      }
      // The same account is there for its own administrator, so the 404s above are about scope.
      const own = await a.admins[0].browser.get(`/api/admin/accounts/${target}`);
      expect(own.status).toBe(200);
      expect(own.body.username).toBe(a.users[0].username);
      // And nothing of the target changed: the other administrator's calls wrote nothing.
      const res = await a.users[0].browser.get('/api/auth/session');
      expect(res.status).toBe(200);
    });

    it('answers 404 for an id that is not a uuid', async () => {
      const a = await contract(1, 0);
      const res = await a.admins[0].browser.get('/api/admin/accounts/not-a-uuid');
      expect(res.status).toBe(404);
    });
  });

  describe('list', () => {
    it('shows exactly the contract’s accounts, with search, filters, sort and paging', async () => {
      const a = await contract(1, 3);
      await contract(1, 3);
      const admin = a.admins[0].browser;

      const all = await admin.get('/api/admin/accounts');
      expect(all.status).toBe(200);
      expect(all.body.total).toBe(4);
      expect(all.body.items.map((i: { username: string }) => i.username).sort()).toEqual(
        [...a.admins, ...a.users].map((x) => x.username).sort(),
      );
      expect(all.body.items[0]).toEqual({
        id: expect.any(String),
        username: expect.any(String),
        role: expect.any(String),
        state: 'active',
        expiresOn: null,
        effectiveExpiresOn: null,
        mfaEnabled: false,
        lastSignInAt: expect.any(String),
        createdAt: expect.any(String),
      });

      const search = await admin.get(`/api/admin/accounts?q=${a.users[1].username.slice(-8)}`);
      expect(search.body.items.map((i: { username: string }) => i.username)).toEqual([
        a.users[1].username,
      ]);
      const admins = await admin.get('/api/admin/accounts?role=admin');
      expect(admins.body.total).toBe(1);

      const paged = await admin.get(
        '/api/admin/accounts?pageSize=3&page=2&sort=username&order=desc',
      );
      expect(paged.body).toMatchObject({ total: 4, page: 2, pageSize: 3 });
      const names = [...a.admins, ...a.users].map((x) => x.username.toLowerCase()).sort();
      expect(paged.body.items.map((i: { username: string }) => i.username.toLowerCase())).toEqual([
        names[0],
      ]);

      await admin.post(`/api/admin/accounts/${a.users[0].id}/disable`);
      const disabled = await admin.get('/api/admin/accounts?state=disabled');
      expect(disabled.body.items.map((i: { id: string }) => i.id)).toEqual([a.users[0].id]);
      const active = await admin.get('/api/admin/accounts?state=active');
      expect(active.body.total).toBe(3);
    });

    it('refuses unknown filters with 400 naming the field', async () => {
      const a = await contract(1, 0);
      const res = await a.admins[0].browser.get('/api/admin/accounts?state=sleeping&pageSize=1000');
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'pageSize',
        'state',
      ]);
    });
  });

  describe('issue', () => {
    it('issues an account whose temporary password, shown once, signs in to the forced change', async () => {
      const a = await contract(1, 0);
      const username = uniqueUsername('new');

      const res = await a.admins[0].browser.post('/api/admin/accounts', {
        username,
        role: 'user',
        expiresOn: addDays(today(), 30),
      });

      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        username,
        role: 'user',
        temporaryPassword: expect.any(String),
        expiresOn: addDays(today(), 30),
      });
      const login = await client().signIn(username, res.body.temporaryPassword as string);
      expect(login.status).toBe(200);
      expect(login.body.passwordChangeRequired).toBe(true);
      const detail = await a.admins[0].browser.get(`/api/admin/accounts/${res.body.id}`);
      expect(detail.body).not.toHaveProperty('temporaryPassword');
      expect(detail.body.state).toBe('password_change_pending');
    });

    it.each([
      ['a taken username', (taken: string) => ({ username: taken, role: 'user' }), 'username'],
      ['a bad username', () => ({ username: '-bad name', role: 'user' }), 'username'],
      ['an unknown role', () => ({ username: uniqueUsername(), role: 'root' }), 'role'],
      [
        'an expiry that is not a date',
        () => ({ username: uniqueUsername(), role: 'user', expiresOn: '2027-02-30' }),
        'expiresOn',
      ],
      [
        'an expiry in the past',
        () => ({ username: uniqueUsername(), role: 'user', expiresOn: '2020-01-01' }),
        'expiresOn',
      ],
      [
        'a password chosen by the administrator',
        () => ({ username: uniqueUsername(), role: 'user', password: 'Chosen-by-admin-1' }),
        'password',
      ],
    ])('refuses %s with 400 naming the field and writes nothing', async (_, body, field) => {
      const a = await contract(1, 0);
      const before = await snapshotTables(sut.db.dataSource);

      const res = await a.admins[0].browser.post('/api/admin/accounts', body(a.admins[0].username));

      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await snapshotTables(sut.db.dataSource)).toEqual(before);
    });

    it('refuses an expiry after the contract’s end', async () => {
      const a = await contract(1, 0);
      await organizations.end(a.name, addDays(today(), 10));
      const res = await a.admins[0].browser.post('/api/admin/accounts', {
        username: uniqueUsername(),
        role: 'user',
        expiresOn: addDays(today(), 11),
      });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ field: 'expiresOn', code: 'EXPIRY_AFTER_CONTRACT_END' }),
      ]);
    });
  });

  describe('bulk issue', () => {
    it('creates nothing when one row is bad, and names every problem with its row', async () => {
      const a = await contract(1, 0);
      const before = await snapshotTables(sut.db.dataSource);
      const good = uniqueUsername('bulk');
      const csv = [
        'username,role,expiresOn',
        `${good},user,`,
        `${uniqueUsername('bulk')},admin,${addDays(today(), 5)}`,
        'bad name!,user,',
        `${good.toUpperCase()},,`,
        `${uniqueUsername('bulk')},owner,2027-02-30`,
      ].join('\r\n');

      const res = await a.admins[0].browser.post('/api/admin/accounts/bulk', { csv });

      expect(res.status).toBe(400);
      expect(
        res.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]),
      ).toEqual([
        ['rows[4].username', 'USERNAME_INVALID'],
        ['rows[5].username', 'USERNAME_DUPLICATE'],
        ['rows[6].role', 'ROLE_INVALID'],
        ['rows[6].expiresOn', 'EXPIRY_INVALID'],
      ]);
      expect(res.body.errors[0].message).toMatch(/^4 行目: /);
      expect(await snapshotTables(sut.db.dataSource)).toEqual(before);
    });

    it('says a name another contract uses is not available, only once the rest of the file is right', async () => {
      const a = await contract(1, 0);
      const b = await contract(1, 0);
      const taken = b.admins[0].username;

      // A file with another problem learns nothing about the names: only that problem is reported.
      const withTypo = await a.admins[0].browser.post('/api/admin/accounts/bulk', {
        csv: `${uniqueUsername()}\n${taken}\nbad name!\n`,
      });
      expect(withTypo.status).toBe(400);
      expect(withTypo.body.errors).toEqual([
        expect.objectContaining({ field: 'rows[3].username', code: 'USERNAME_INVALID' }),
      ]);

      const before = await snapshotTables(sut.db.dataSource);
      const res = await a.admins[0].browser.post('/api/admin/accounts/bulk', {
        csv: `${uniqueUsername()}\n${taken}\n`,
      });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ field: 'rows[2].username', code: 'USERNAME_UNAVAILABLE' }),
      ]);
      expect(res.body.errors[0].message).toBe(
        '2 行目: このユーザ名は使用できません。別のユーザ名にしてください。',
      );
      expect(await snapshotTables(sut.db.dataSource)).toEqual(before);
      const refused: { detail: Record<string, unknown> }[] = await sut.db.dataSource.query(
        `SELECT detail FROM audit_events WHERE kind = 'account.bulk_issue_refused'
            AND actor_username = $1 ORDER BY id`,
        [a.admins[0].username],
      );
      expect(refused.map((r) => r.detail)).toEqual([
        { reason: 'invalid_rows', rows: 3, problems: 1 },
        { reason: 'usernames_unavailable', rows: 2, problems: 1 },
      ]);
    });

    it('limits the uploads refused for taken names per administrator, even when they arrive at once', async () => {
      const a = await contract(2, 0);
      const b = await contract(1, 0);
      const probe = () =>
        a.admins[0].browser.post('/api/admin/accounts/bulk', {
          csv: `${b.admins[0].username}\n`,
        });

      // The default limit is 20 refused uploads an hour: 30 at once get 20 answers, then 429.
      const answers = await Promise.all(Array.from({ length: 30 }, probe));
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 400)).toHaveLength(20);
      expect(statuses.filter((s) => s === 429)).toHaveLength(10);
      const limited = answers.find((r) => r.status === 429)!;
      expect(limited.body.code).toBe('BULK_ISSUE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(3000);

      // Another administrator of the same contract is counted apart; a good file still goes through.
      const other = await a.admins[1].browser.post('/api/admin/accounts/bulk', {
        csv: `${uniqueUsername()}\n`,
      });
      expect(other.status).toBe(201);
      const rows: { n: string }[] = await sut.db.dataSource.query(
        `SELECT count(*) AS n FROM audit_events WHERE kind = 'account.bulk_issue_refused'
            AND actor_username = $1 AND detail->>'reason' = 'limited'`,
        [a.admins[0].username],
      );
      expect(rows[0].n).toBe('10');
    });

    it('creates 1,000 accounts in one go and answers the account list with passwords that work', async () => {
      const a = await contract(1, 0);
      const prefix = uniqueUsername('k');
      const usernames = Array.from({ length: 1000 }, (_, i) => `${prefix}-${i + 1}`);

      const res = await a.admins[0].browser.post('/api/admin/accounts/bulk', {
        csv: `ユーザ名\n${usernames.join('\n')}\n`,
      });

      expect(res.status).toBe(201);
      expect(res.body.accounts).toHaveLength(1000);
      const [count] = await sut.db.dataSource.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM users u JOIN organizations o ON o.id = u.organization_id
          WHERE o.name = $1 AND u.username LIKE $2`,
        [a.name, `${prefix}-%`],
      );
      expect(Number(count.n)).toBe(1000);
      const lines = (res.body.csv as string).trimEnd().split('\r\n');
      expect(lines[0]).toBe('プラン,アカウント (ユーザ名),初期パスワード,サービス,権限');
      expect(lines).toHaveLength(1001);
      // No cell a spreadsheet would read as a formula (CSV injection).
      expect(lines.filter((l) => l.split(',').some((cell) => /^[=+\-@]/.test(cell)))).toEqual([]);
      for (const index of [1, 500, 1000]) {
        const [plan, username, password, service, role] = lines[index].split(',');
        expect([plan, username, service, role]).toEqual([
          'ココナワーク',
          usernames[index - 1],
          today(),
          '一般ユーザ',
        ]);
        const login = await client().signIn(username, password.replace(/^"|"$/g, ''));
        expect(login.status).toBe(200);
      }
    });
  });

  describe('per-account actions end live sessions at once', () => {
    it.each([
      ['disabling', (id: string) => [`/api/admin/accounts/${id}/disable`, {}]],
      [
        'a past expiry',
        (id: string) => [`/api/admin/accounts/${id}/expiry`, { expiresOn: '2020-01-01' }],
      ],
      [
        'reissuing the temporary password',
        (id: string) => [`/api/admin/accounts/${id}/reissue`, {}],
      ],
      ['ending the sessions', (id: string) => [`/api/admin/accounts/${id}/end-sessions`, {}]],
      ['resetting MFA', (id: string) => [`/api/admin/accounts/${id}/reset-mfa`, {}]],
    ] as const)('%s', async (_, action) => {
      const a = await contract(1, 1);
      const user = a.users[0];
      expect((await user.browser.get('/api/auth/session')).status).toBe(200);

      const [path, body] = action(user.id) as [string, object];
      const res = await a.admins[0].browser.post(path, body);

      expect(res.status).toBe(200);
      expect((await user.browser.get('/api/auth/session')).status).toBe(401);
    });

    it('ending the contract in the past ends its users’ sessions on the next request and refuses sign-in', async () => {
      const a = await contract(1, 1);
      const user = a.users[0];
      expect((await user.browser.get('/api/auth/session')).status).toBe(200);

      await organizations.end(a.name, addDays(today(), -1));

      expect((await user.browser.get('/api/auth/session')).status).toBe(401);
      const login = await client().signIn(user.username, user.password);
      expect(login.body.code).toBe('ACCOUNT_EXPIRED');
    });

    it('shows the contract’s end date as the expiry when it comes before the account’s own', async () => {
      const a = await contract(1, 1);
      const user = a.users[0];
      await a.admins[0].browser.post(`/api/admin/accounts/${user.id}/expiry`, {
        expiresOn: addDays(today(), 20),
      });
      expect((await user.browser.get('/api/auth/session')).body.expiresOn).toBe(
        addDays(today(), 20),
      );

      await organizations.end(a.name, addDays(today(), 5));

      expect((await user.browser.get('/api/auth/session')).body.expiresOn).toBe(
        addDays(today(), 5),
      );
      const login = await client().signIn(user.username, user.password);
      expect(login.body.expiresOn).toBe(addDays(today(), 5));
    });

    it('reissue gives a password that signs in to the forced change; the old one stops working', async () => {
      const a = await contract(1, 1);
      const user = a.users[0];
      const res = await a.admins[0].browser.post(`/api/admin/accounts/${user.id}/reissue`);
      expect(res.body.temporaryPassword).toEqual(expect.any(String));
      expect((await client().signIn(user.username, user.password)).status).toBe(401);
      const login = await client().signIn(user.username, res.body.temporaryPassword as string);
      expect(login.body.passwordChangeRequired).toBe(true);
    });

    it('reissue keeps the password history to its configured size, as every other password write does', async () => {
      const a = await contract(1, 1);
      const user = a.users[0];
      for (let i = 0; i < 7; i++) {
        const res = await a.admins[0].browser.post(`/api/admin/accounts/${user.id}/reissue`);
        expect(res.status).toBe(200);
      }
      const [{ kept }] = await sut.db.dataSource.query<{ kept: number }[]>(
        'SELECT count(*)::int AS kept FROM password_history WHERE user_id = $1',
        [user.id],
      );
      // PASSWORD_HISTORY's default: the current password and the four before it.
      expect(kept).toBe(5);
    });

    it('enable and clearing the expiry make the account usable again', async () => {
      const a = await contract(1, 1);
      const user = a.users[0];
      const admin = a.admins[0].browser;
      await admin.post(`/api/admin/accounts/${user.id}/disable`);
      await admin.post(`/api/admin/accounts/${user.id}/expiry`, { expiresOn: '2020-01-01' });
      expect((await client().signIn(user.username, user.password)).status).toBe(403);

      await admin.post(`/api/admin/accounts/${user.id}/enable`);
      const cleared = await admin.post(`/api/admin/accounts/${user.id}/expiry`, {
        expiresOn: null,
      });

      expect(cleared.body).toMatchObject({ state: 'active', expiresOn: null });
      expect((await client().signIn(user.username, user.password)).status).toBe(200);
    });

    it('refuses a missing expiresOn with 400 and writes nothing', async () => {
      const a = await contract(1, 1);
      const before = await snapshotTables(sut.db.dataSource);
      const res = await a.admins[0].browser.post(`/api/admin/accounts/${a.users[0].id}/expiry`, {});
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'expiresOn' })]);
      expect(await snapshotTables(sut.db.dataSource)).toEqual(before);
    });
  });

  describe('the last administrator', () => {
    it.each([
      ['disable', '/disable', {}],
      ['expire', '/expiry', { expiresOn: '2020-01-01' }],
      ['demote', '/role', { role: 'user' }],
    ])('cannot %s themselves', async (_, suffix, body) => {
      const a = await contract(1, 0);
      const admin = a.admins[0];

      const res = await admin.browser.post(`/api/admin/accounts/${admin.id}${suffix}`, body);

      expect(res.status).toBe(409);
      expect(res.body.code).toBe('LAST_ADMINISTRATOR');
      expect((await admin.browser.get('/api/admin/accounts')).status).toBe(200);
    });

    it.each([
      ['today', 0],
      ['next year', 365],
    ])(
      'cannot give themselves an expiry (%s): the contract would be left without one after that day',
      async (_, days) => {
        const a = await contract(1, 0);
        const admin = a.admins[0];
        const before = await snapshotTables(sut.db.dataSource);

        const res = await admin.browser.post(`/api/admin/accounts/${admin.id}/expiry`, {
          expiresOn: addDays(today(), days),
        });

        expect(res.status).toBe(409);
        expect(res.body.code).toBe('LAST_ADMINISTRATOR');
        expect(await snapshotTables(sut.db.dataSource)).toEqual(before);
      },
    );

    it('may give an administrator an expiry while another has none, but not the other one too', async () => {
      const a = await contract(2, 0);
      const [first, second] = a.admins;

      const one = await first.browser.post(`/api/admin/accounts/${second.id}/expiry`, {
        expiresOn: addDays(today(), 30),
      });
      expect(one.status).toBe(200);
      const other = await second.browser.post(`/api/admin/accounts/${first.id}/expiry`, {
        expiresOn: addDays(today(), 60),
      });
      expect(other.status).toBe(409);
      expect(other.body.code).toBe('LAST_ADMINISTRATOR');
      // Demoting or disabling the one without an expiry is refused for the same reason.
      expect(
        (await second.browser.post(`/api/admin/accounts/${first.id}/role`, { role: 'user' }))
          .status,
      ).toBe(409);
      expect((await second.browser.post(`/api/admin/accounts/${first.id}/disable`)).status).toBe(
        409,
      );
      // Lengthening or clearing an expiry is always allowed.
      const cleared = await first.browser.post(`/api/admin/accounts/${second.id}/expiry`, {
        expiresOn: null,
      });
      expect(cleared.status).toBe(200);
    });

    it('may set an administrator’s expiry up to the contract’s end when that is the last day anyway', async () => {
      const name = uniqueUsername('corp-ends');
      const ends = addDays(today(), 90);
      const list = await organizations.create(
        { name, plan: 'ココナワーク', startsOn: null, admins: 1, users: 0 },
        today(),
      );
      await sut.db.dataSource.query(
        'UPDATE organizations SET service_ends_on = $2 WHERE name = $1',
        [name, ends],
      );
      const admin = await signedIn(list.accounts[0].username, list.accounts[0].temporaryPassword);
      const [{ id }] = await sut.db.dataSource.query<{ id: string }[]>(
        'SELECT id FROM users WHERE username = $1',
        [list.accounts[0].username],
      );

      const atEnd = await admin.browser.post(`/api/admin/accounts/${id}/expiry`, {
        expiresOn: ends,
      });
      expect(atEnd.status).toBe(200);
      const before = await admin.browser.post(`/api/admin/accounts/${id}/expiry`, {
        expiresOn: addDays(ends, -1),
      });
      expect(before.status).toBe(409);
    });

    it('can be left alone by another administrator, but two cannot disable each other at once', async () => {
      const a = await contract(2, 0);
      const [first, second] = a.admins;

      const results = await Promise.all([
        first.browser.post(`/api/admin/accounts/${second.id}/disable`),
        second.browser.post(`/api/admin/accounts/${first.id}/disable`),
      ]);

      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const [{ n }] = await sut.db.dataSource.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM users WHERE id = ANY($1) AND NOT disabled`,
        [[first.id, second.id]],
      );
      expect(Number(n)).toBe(1);
    });
  });

  it('emits an event with actor, target, contract and change for each action', async () => {
    const a = await contract(1, 1);
    const record = jest.spyOn(AuditLogSink.prototype, 'record');
    try {
      await a.admins[0].browser.post(`/api/admin/accounts/${a.users[0].id}/disable`);
      const events = record.mock.calls.map(([event]) => event);
      expect(events).toContainEqual(
        expect.objectContaining({
          kind: 'account.disabled',
          actor: { kind: 'admin', userId: a.admins[0].id, username: a.admins[0].username },
          target: { userId: a.users[0].id, username: a.users[0].username },
          organizationId: expect.any(String),
          detail: expect.objectContaining({ sessionsEnded: 1 }),
        }),
      );
    } finally {
      record.mockRestore();
    }
  });

  it('keeps the sign-in rules of AuthService for accounts of every contract', () => {
    expect(sut.app.get(AuthService)).toBeDefined();
  });
});

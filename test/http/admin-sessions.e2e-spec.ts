import { ContractProvisioning } from '../../server/accounts/contract-provisioning';
import { BrowserLikeClient } from '../support/browser-like-client';
import { strongPassword, uniqueUsername } from '../support/factories';
import { createTestApp, type TestApp } from '../support/test-app';

interface SessionSummary {
  id: string;
  current: boolean;
  browser: string | null;
  system: string | null;
  ipAddress: string | null;
  signedInAt: string;
  lastActiveAt: string;
}

const FIREFOX_ON_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:133.0) Gecko/20100101 Firefox/133.0';

function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());
}

describe('An account’s sessions, for its contract’s administrator', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp();
  });

  afterAll(async () => {
    await sut.close();
  });

  /** Signs in (from `userAgent`, if given) and replaces the temporary password. */
  async function signedIn(username: string, temporaryPassword: string, userAgent?: string) {
    const browser = new BrowserLikeClient(sut.app);
    const headers = userAgent ? { 'User-Agent': userAgent } : undefined;
    const login = await browser.post(
      '/api/auth/login',
      { username, password: temporaryPassword },
      { headers },
    );
    expect(login.status).toBe(200);
    const password = strongPassword();
    const changed = await browser.post(
      '/api/auth/password',
      {
        currentPassword: temporaryPassword,
        newPassword: password,
        newPasswordConfirmation: password,
      },
      { headers },
    );
    expect(changed.status).toBe(200);
    return browser;
  }

  /** A contract with one administrator and one general user, both signed in. */
  async function contract() {
    const list = await sut.app
      .get(ContractProvisioning)
      .create(
        { name: uniqueUsername('corp'), plan: 'ココナワーク', startsOn: null, admins: 1, users: 1 },
        today(),
      );
    const [admin, user] = ['admin', 'user'].map((role) =>
      list.accounts.find((a) => a.role === role)!,
    );
    const [userId] = await sut.db.dataSource.query<{ id: string }[]>(
      'SELECT id FROM users WHERE username = $1',
      [user.username],
    );
    return {
      admin: await signedIn(admin.username, admin.temporaryPassword),
      adminUsername: admin.username,
      user: await signedIn(user.username, user.temporaryPassword, FIREFOX_ON_MAC),
      userId: userId.id,
    };
  }

  it('lists the account’s live sessions with browser, system, address and times', async () => {
    const { admin, userId } = await contract();

    const res = await admin.get(`/api/admin/accounts/${userId}/sessions`);

    expect(res.status).toBe(200);
    const sessions = res.body as SessionSummary[];
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({
      current: false,
      browser: 'Firefox 133',
      system: 'macOS',
      ipAddress: expect.stringMatching(/127\.0\.0\.1/) as unknown,
    });
    expect(Date.parse(sessions[0].signedInAt)).toBeLessThanOrEqual(
      Date.parse(sessions[0].lastActiveAt),
    );
  });

  it('marks the administrator’s own session on their own account, and leaves out ended ones', async () => {
    const { admin, user, userId } = await contract();
    const own = await admin.get('/api/auth/session');
    const [adminRow] = await sut.db.dataSource.query<{ id: string }[]>(
      'SELECT id FROM users WHERE username = $1',
      [own.body.username],
    );

    const mine = (await admin.get(`/api/admin/accounts/${adminRow.id}/sessions`))
      .body as SessionSummary[];
    expect(mine.map((s) => s.current)).toEqual([true]);

    expect((await user.post('/api/auth/logout', {})).status).toBe(200);
    const theirs = await admin.get(`/api/admin/accounts/${userId}/sessions`);
    expect(theirs.body).toEqual([]);
  });

  it('answers 404 to another contract’s administrator and 403 to a general user', async () => {
    const a = await contract();
    const b = await contract();

    const other = await b.admin.get(`/api/admin/accounts/${a.userId}/sessions`);
    expect(other.status).toBe(404);
    expect(other.body).not.toHaveProperty('length');

    const asUser = await a.user.get(`/api/admin/accounts/${a.userId}/sessions`);
    expect(asUser.status).toBe(403);
    expect(asUser.body.code).toBe('ADMIN_ROLE_REQUIRED');
  });
});

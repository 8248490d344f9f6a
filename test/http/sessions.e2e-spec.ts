import { BrowserLikeClient } from '../support/browser-like-client';
import { issueAccount, strongPassword } from '../support/factories';
import { createTestApp, type TestApp } from '../support/test-app';

interface SessionSummary {
  id: string;
  current: boolean;
  browser: string | null;
  system: string | null;
  ipAddress: string | null;
}

const CHROME_ON_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

describe('Sessions, self-service', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp();
  });

  afterAll(async () => {
    await sut.close();
  });

  /** One account signed in from `count` browsers, its password already changed. */
  async function signedInTwice() {
    const account = await issueAccount(sut.accounts);
    const here = new BrowserLikeClient(sut.app);
    await here.signIn(account.username, account.password);
    const password = strongPassword();
    await here.post('/api/auth/password', {
      currentPassword: account.password,
      newPassword: password,
      newPasswordConfirmation: password,
    });
    const there = new BrowserLikeClient(sut.app);
    await there.post(
      '/api/auth/login',
      { username: account.username, password },
      { headers: { 'User-Agent': CHROME_ON_WINDOWS } },
    );
    return { here, there, username: account.username, password };
  }

  it('lists the account’s sessions with browser, system and address, marking this one', async () => {
    const { here } = await signedInTwice();

    const res = await here.get('/api/sessions');

    expect(res.status).toBe(200);
    const sessions = res.body as SessionSummary[];
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    expect(sessions.find((s) => !s.current)).toMatchObject({
      browser: 'Chrome 131',
      system: 'Windows',
    });
    expect(sessions[0].ipAddress).toMatch(/127\.0\.0\.1/);
  });

  it('ends another of the user’s sessions: its next request gets 401', async () => {
    const { here, there, password } = await signedInTwice();
    const other = ((await here.get('/api/sessions')).body as SessionSummary[]).find(
      (s) => !s.current,
    )!;

    const res = await here.post(`/api/sessions/${other.id}/end`, { currentPassword: password });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ended: 1 });
    expect((await there.get('/api/auth/session')).status).toBe(401);
    expect((await here.get('/api/auth/session')).status).toBe(200);
  });

  it('answers 404 for another account’s session and leaves it alone', async () => {
    const mine = await signedInTwice();
    const theirs = await signedInTwice();
    const target = ((await theirs.here.get('/api/sessions')).body as SessionSummary[])[0];

    const res = await mine.here.post(`/api/sessions/${target.id}/end`, {
      currentPassword: mine.password,
    });

    expect(res.status).toBe(404);
    expect((await theirs.here.get('/api/auth/session')).status).toBe(200);
  });

  it('ends all the other sessions at once', async () => {
    const { here, there, username, password } = await signedInTwice();
    const third = new BrowserLikeClient(sut.app);
    const rows: { n: string }[] = await sut.db.dataSource.query(
      'SELECT count(*) AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = $1',
      [username],
    );
    expect(rows[0].n).toBe('2');

    const res = await here.post('/api/sessions/end-others', { currentPassword: password });

    expect(res.body).toEqual({ ended: 1 });
    expect((await there.get('/api/auth/session')).status).toBe(401);
    expect((await here.get('/api/auth/session')).status).toBe(200);
    expect((await third.get('/api/sessions')).status).toBe(401);
  });

  it('refuses a malformed id naming the field', async () => {
    const { here, password } = await signedInTwice();
    const res = await here.post('/api/sessions/not-a-uuid/end', { currentPassword: password });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'id' })]);
  });

  it('asks for the current password again before ending sessions (ASVS 7.5.2)', async () => {
    const { here, there } = await signedInTwice();
    const other = ((await here.get('/api/sessions')).body as SessionSummary[]).find(
      (s) => !s.current,
    )!;

    const one = await here.post(`/api/sessions/${other.id}/end`, {
      currentPassword: 'Not-the-password-1',
    });
    const all = await here.post('/api/sessions/end-others', {});

    expect(one.status).toBe(400);
    expect(one.body.errors).toEqual([
      expect.objectContaining({ field: 'currentPassword', code: 'CURRENT_PASSWORD_INCORRECT' }),
    ]);
    expect(all.status).toBe(400);
    expect(all.body.errors).toEqual([expect.objectContaining({ field: 'currentPassword' })]);
    expect((await there.get('/api/auth/session')).status).toBe(200);
  });
});

import { BrowserLikeClient } from '../support/browser-like-client';
import { issueAccount } from '../support/factories';
import { createTestApp, type TestApp } from '../support/test-app';

// Behind a trusted proxy, so each test can sign in from its own client address.
describe('Brute-force control per account', () => {
  let sut: TestApp;
  let address = 10;

  beforeAll(async () => {
    // Generous hashing queue: this suite is about counting, not about shedding load (see hashing-gate).
    sut = await createTestApp({ TRUST_PROXY: 'loopback', HASH_QUEUE_WAIT_MS: '60000' });
  });

  afterAll(async () => {
    await sut.close();
  });

  function from() {
    address += 1;
    const headers = { 'X-Forwarded-For': `198.51.100.${address}` };
    const browser = new BrowserLikeClient(sut.app);
    return {
      signIn: (username: string, password: string) =>
        browser.post('/api/auth/login', { username, password }, { headers }),
    };
  }

  const throttle = async (username: string) => {
    const rows: { failures: number; locked_until: Date | null }[] = await sut.db.dataSource.query(
      `SELECT t.failures, t.locked_until FROM sign_in_throttles t JOIN users u ON t.key = u.id::text
        WHERE t.scope = 'account' AND u.username = $1`,
      [username],
    );
    return rows[0];
  };

  it('counts 50 concurrent wrong passwords, locks, and refuses the right one with the generic answer', async () => {
    const account = await issueAccount(sut.accounts);
    const client = from();

    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => client.signIn(account.username, `Wrong-password-${i}`)),
    );

    expect(answers.every((r) => r.status === 401)).toBe(true);
    const row = await throttle(account.username);
    expect(row.failures).toBe(50);
    // Checked: at least the 5 before the first wait (a wait needs 5 settled failures), at most the
    // 10 of the lock, however the machine's load spreads the burst.
    const checked: { n: number }[] = await sut.db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE kind = 'sign_in.failed'
          AND target_username = $1 AND detail->>'reason' = 'wrong_password'`,
      [account.username],
    );
    expect(checked[0].n).toBeGreaterThanOrEqual(5);
    expect(checked[0].n).toBeLessThanOrEqual(10);
    expect(row.locked_until!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    const right = await client.signIn(account.username, account.password);
    expect(right.status).toBe(401);
    expect(right.body).toEqual(answers[0].body);
    const locked: { n: string }[] = await sut.db.dataSource.query(
      `SELECT count(*) AS n FROM audit_events WHERE kind = 'account.locked' AND target_username = $1`,
      [account.username],
    );
    expect(locked[0].n).toBe('1');
  });

  it('makes attempts wait after five failures, then lets the right password in and forgets', async () => {
    const account = await issueAccount(sut.accounts);
    const client = from();
    for (let i = 0; i < 5; i++)
      expect((await client.signIn(account.username, 'Wrong-123456')).status).toBe(401);

    const tooSoon = await client.signIn(account.username, account.password);
    expect(tooSoon.status).toBe(401);
    expect((await throttle(account.username)).failures).toBe(6);

    await sut.db.dataSource.query(
      `UPDATE sign_in_throttles SET last_failure_at = last_failure_at - interval '3 seconds' WHERE scope = 'account'
         AND key = (SELECT id::text FROM users WHERE username = $1)`,
      [account.username],
    );
    expect((await client.signIn(account.username, account.password)).status).toBe(200);
    expect(await throttle(account.username)).toBeUndefined();
  });

  it('lifts the lock after its time, with no permanent lockout', async () => {
    const account = await issueAccount(sut.accounts);
    const client = from();
    await Promise.all(
      Array.from({ length: 10 }, () => client.signIn(account.username, 'Wrong-123456')),
    );
    expect((await client.signIn(account.username, account.password)).status).toBe(401);

    await sut.db.dataSource.query(
      `UPDATE sign_in_throttles SET locked_until = now() - interval '1 second',
              last_failure_at = now() - interval '16 minutes'
        WHERE scope = 'account' AND key = (SELECT id::text FROM users WHERE username = $1)`,
      [account.username],
    );
    expect((await client.signIn(account.username, account.password)).status).toBe(200);
  });

  it('forgets failures older than twelve hours', async () => {
    const account = await issueAccount(sut.accounts);
    const client = from();
    for (let i = 0; i < 4; i++) await client.signIn(account.username, 'Wrong-123456');
    await sut.db.dataSource.query(
      `UPDATE sign_in_throttles SET last_failure_at = now() - interval '13 hours'
        WHERE scope = 'account' AND key = (SELECT id::text FROM users WHERE username = $1)`,
      [account.username],
    );

    await client.signIn(account.username, 'Wrong-123456');

    expect((await throttle(account.username)).failures).toBe(1);
  });

  it('lets the operator unlock an account', async () => {
    const account = await issueAccount(sut.accounts);
    const client = from();
    await Promise.all(
      Array.from({ length: 10 }, () => client.signIn(account.username, 'Wrong-123456')),
    );
    expect((await client.signIn(account.username, account.password)).status).toBe(401);

    const { BruteForceService } = jest.requireActual<
      typeof import('../../server/brute-force/brute-force.service')
    >('../../server/brute-force/brute-force.service');
    const user: { id: string }[] = await sut.db.dataSource.query(
      'SELECT id FROM users WHERE username = $1',
      [account.username],
    );
    expect(await sut.app.get(BruteForceService).unlock(user[0].id)).toBe(true);

    expect((await client.signIn(account.username, account.password)).status).toBe(200);
  });
});

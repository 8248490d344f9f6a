import { BrowserLikeClient } from '../support/browser-like-client';
import { issueAccount, uniqueUsername } from '../support/factories';
import { createTestApp, type TestApp } from '../support/test-app';

describe('Brute-force control per client address, behind a trusted proxy', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp({ TRUST_PROXY: 'loopback', LOGIN_ADDRESS_LIMIT: '5' });
  });

  afterAll(async () => {
    await sut.close();
  });

  const signIn = (forwardedFor: string, username: string, password = 'Whatever-123') =>
    new BrowserLikeClient(sut.app).post(
      '/api/auth/login',
      { username, password },
      { headers: { 'X-Forwarded-For': forwardedFor } },
    );

  it('answers 429 with Retry-After once an address has failed too often, unknown usernames included', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await signIn('203.0.113.7', uniqueUsername('ghost'))).status).toBe(401);
    }
    const account = await issueAccount(sut.accounts);

    const limited = await signIn('203.0.113.7', account.username, account.password);

    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('TOO_MANY_ATTEMPTS');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  });

  it('honours the trusted proxy’s X-Forwarded-For: another address is not limited', async () => {
    for (let i = 0; i < 5; i++) await signIn('203.0.113.20', uniqueUsername('ghost'));
    const account = await issueAccount(sut.accounts);

    expect((await signIn('203.0.113.20', account.username, account.password)).status).toBe(429);
    expect((await signIn('203.0.113.21', account.username, account.password)).status).toBe(200);
  });

  it('lets the address in again after the window', async () => {
    for (let i = 0; i < 5; i++) await signIn('203.0.113.30', uniqueUsername('ghost'));
    await sut.db.dataSource.query(
      `UPDATE sign_in_throttles SET first_failure_at = now() - interval '16 minutes' WHERE scope = 'address' AND key = $1`,
      ['203.0.113.30'],
    );
    const account = await issueAccount(sut.accounts);
    expect((await signIn('203.0.113.30', account.username, account.password)).status).toBe(200);
  });

  it('stores and counts only well-formed addresses: a made-up X-Forwarded-For is not the client address', async () => {
    const account = await issueAccount(sut.accounts);
    const made = `not-an-address-${uniqueUsername()}`;

    const res = await signIn(made, account.username, account.password);

    expect(res.status).toBe(200);
    const stored: { ip_address: string | null }[] = await sut.db.dataSource.query(
      `SELECT ip_address FROM audit_events WHERE target_username = $1 AND kind LIKE 'sign_in.%'
        UNION ALL SELECT s.ip_address FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE u.username = $1`,
      [account.username],
    );
    expect(stored.length).toBeGreaterThanOrEqual(2);
    for (const { ip_address } of stored) {
      expect(ip_address).not.toContain('not-an-address');
      // The proxy's own address (the connection's peer) stands in for it.
      expect(ip_address).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
    }
    const counted: unknown[] = await sut.db.dataSource.query(
      `SELECT 1 FROM sign_in_throttles WHERE key LIKE 'not-an-address%'`,
    );
    expect(counted).toEqual([]);
  });

  it('lets a rush of right passwords from one address through once it has been served', async () => {
    // Twelve people behind one office address at once: at most five sign-ins are checked at a time
    // (the rest answered 429), and those refusals are not failures that keep the address out.
    const accounts = await Promise.all(
      Array.from({ length: 12 }, () => issueAccount(sut.accounts)),
    );
    const answers = await Promise.all(
      accounts.map((a) => signIn('203.0.113.40', a.username, a.password)),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(5);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);

    const later = await signIn('203.0.113.40', accounts[11].username, accounts[11].password);
    expect(later.status).toBe(200);
  });
});

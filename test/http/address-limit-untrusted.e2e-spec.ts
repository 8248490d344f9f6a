import { BrowserLikeClient } from '../support/browser-like-client';
import { uniqueUsername } from '../support/factories';
import { createTestApp, type TestApp } from '../support/test-app';

// Its own file: one app per file (passport's registry is process-wide).
describe('Brute-force control per client address, with no trusted proxy', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp({ TRUST_PROXY: 'false', LOGIN_ADDRESS_LIMIT: '5' });
  });

  afterAll(async () => {
    await sut.close();
  });

  it('ignores X-Forwarded-For, so a client cannot escape the limit by inventing addresses', async () => {
    for (let i = 0; i < 5; i++) {
      await new BrowserLikeClient(sut.app).post(
        '/api/auth/login',
        { username: uniqueUsername('ghost'), password: 'Whatever-123' },
        { headers: { 'X-Forwarded-For': `192.0.2.${i}` } },
      );
    }

    const res = await new BrowserLikeClient(sut.app).post(
      '/api/auth/login',
      { username: uniqueUsername('ghost'), password: 'Whatever-123' },
      { headers: { 'X-Forwarded-For': '192.0.2.99' } },
    );

    expect(res.status).toBe(429);
    const rows: { key: string }[] = await sut.db.dataSource.query(
      `SELECT key FROM sign_in_throttles WHERE scope = 'address'`,
    );
    expect(rows.map((r) => r.key)).toEqual([expect.stringMatching(/127\.0\.0\.1/)]);
  });
});

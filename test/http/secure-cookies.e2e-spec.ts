import request from 'supertest';
import type { App } from 'supertest/types';
import { BrowserLikeClient } from '../support/browser-like-client';
import { issueAccount } from '../support/factories';
import { createTestApp, type TestApp } from '../support/test-app';

// Its own file: passport keeps strategies in a process-wide registry, so one app per test file.
describe('Session cookie behind HTTPS', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp({ TRUST_PROXY: 'loopback' });
  });

  afterAll(async () => {
    await sut.close();
  });

  it('is Secure and __Host- prefixed when a trusted proxy says the request came over HTTPS', async () => {
    const account = await issueAccount(sut.accounts);
    const browser = new BrowserLikeClient(sut.app);

    const res = await browser.post(
      '/api/auth/login',
      { username: account.username, password: account.password },
      { headers: { 'X-Forwarded-Proto': 'https' } },
    );

    expect(res.status).toBe(200);
    const cookies = res.headers['set-cookie'] as unknown as string[];
    const session = cookies.find((c) => c.startsWith('__Host-tobira_session='));
    expect(session).toMatch(/; Path=\/;/);
    expect(session).toMatch(/Secure/);
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Strict/);
    expect(cookies.find((c) => c.startsWith('XSRF-TOKEN='))).toMatch(/Secure/);
  });

  it('is read back under its prefixed name', async () => {
    const account = await issueAccount(sut.accounts);
    const browser = new BrowserLikeClient(sut.app);
    await browser.post(
      '/api/auth/login',
      { username: account.username, password: account.password },
      { headers: { 'X-Forwarded-Proto': 'https' } },
    );

    const res = await browser.get('/api/auth/session', { 'X-Forwarded-Proto': 'https' });

    expect(res.status).toBe(200);
    expect(res.body.username).toBe(account.username);
  });

  it('behind HTTPS reads only the __Host- cookie: the plain name is ignored', async () => {
    const account = await issueAccount(sut.accounts);
    const browser = new BrowserLikeClient(sut.app);
    // Signed in over plain HTTP: the token is in the unprefixed cookie.
    await browser.signIn(account.username, account.password);
    const token = browser.sessionToken!;
    expect(token).toBeDefined();

    const overHttps = await browser.get('/api/auth/session', { 'X-Forwarded-Proto': 'https' });
    const overHttp = await browser.get('/api/auth/session');

    expect(overHttps.status).toBe(401);
    expect(overHttp.status).toBe(200);
    const withBoth = await request(sut.app.getHttpServer() as App)
      .get('/api/auth/session')
      .set({
        Cookie: `tobira_session=${token}; __Host-tobira_session=forged`,
        'X-Forwarded-Proto': 'https',
      });
    expect(withBoth.status).toBe(401);
  });

  it('is not trusted from an untrusted proxy header', async () => {
    const direct = await createTestAppWithoutProxy();
    try {
      const account = await issueAccount(direct.accounts);
      const res = await new BrowserLikeClient(direct.app).post(
        '/api/auth/login',
        { username: account.username, password: account.password },
        { headers: { 'X-Forwarded-Proto': 'https' } },
      );
      expect((res.headers['set-cookie'] as unknown as string[]).join('\n')).toMatch(
        /^tobira_session=/m,
      );
    } finally {
      await direct.close();
    }
  });
});

function createTestAppWithoutProxy() {
  return createTestApp({ TRUST_PROXY: 'false' });
}

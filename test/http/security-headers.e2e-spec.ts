import { BrowserLikeClient } from '../support/browser-like-client';
import { createTestApp, type TestApp } from '../support/test-app';

describe('Security headers on the API', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp({ TRUST_PROXY: 'loopback' });
  });

  afterAll(async () => {
    await sut.close();
  });

  it.each(['/api/health', '/api/auth/session', '/api/nothing-here'])(
    '%s carries them',
    async (path) => {
      const res = await new BrowserLikeClient(sut.app).get(path);

      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['etag']).toBeUndefined();
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['permissions-policy']).toContain('camera=()');
      expect(res.headers['x-powered-by']).toBeUndefined();
    },
  );

  it('sends HSTS only when the request came over HTTPS', async () => {
    const plain = await new BrowserLikeClient(sut.app).get('/api/health');
    const secure = await new BrowserLikeClient(sut.app).get('/api/health', {
      'X-Forwarded-Proto': 'https',
    });

    expect(plain.headers['strict-transport-security']).toBeUndefined();
    expect(secure.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });

  it('gives the API documentation its own policy, with inline styles for Swagger UI', async () => {
    const res = await new BrowserLikeClient(sut.app).get('/api/docs/');

    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['permissions-policy']).toContain('camera=()');
  });
});

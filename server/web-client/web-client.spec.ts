import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { serveWebClient } from './web-client';

function clientDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tobira-client-'));
  for (const locale of ['ja', 'en']) {
    mkdirSync(join(dir, locale));
    writeFileSync(join(dir, locale, 'index.html'), `<html lang="${locale}"><app-root></app-root>`);
  }
  return dir;
}

describe('serveWebClient', () => {
  const app = express();
  for (const handler of serveWebClient(clientDir())) app.use(handler);

  it('gives each page its own style nonce, the same in the policy and on <app-root>', async () => {
    const page = async () => {
      const res = await request(app).get('/login').set('Accept-Language', 'ja');
      const policy = String(res.headers['content-security-policy']);
      return {
        inPolicy: /style-src 'self' 'nonce-([^']+)'/.exec(policy)?.[1],
        onRoot: /ngCspNonce="([^"]+)"/.exec(res.text)?.[1],
        policy,
      };
    };
    const [a, b] = [await page(), await page()];

    expect(a.inPolicy).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(a.onRoot).toBe(a.inPolicy);
    expect(b.inPolicy).not.toBe(a.inPolicy);
    expect(a.policy).toContain("script-src 'self'");
    expect(a.policy).not.toContain('unsafe-inline');
  });

  it('leaves /api to the API', async () => {
    const res = await request(app).get('/api/nothing');

    expect(res.status).toBe(404);
    expect(res.text).not.toContain('app-root');
  });
});

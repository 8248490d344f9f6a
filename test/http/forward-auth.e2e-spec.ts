import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { issueAccount } from '../support/factories';
import { activeUser, enableMfa } from '../support/oidc-accounts';
import { startOidcApp, TestBrowser, type OidcTestApp } from '../support/oidc-rp';
import { type Nginx, spawnNginx } from '../support/nginx';
import { freePort } from '../support/server-process';

const ROOT = resolve(__dirname, '../..');

/** The nginx snippet of docs/integrating.md, exactly as operators copy it. */
function documentedSnippet(): string {
  const doc = readFileSync(join(ROOT, 'docs/integrating.md'), 'utf8');
  const after = doc.slice(doc.indexOf('<!-- forward-auth-snippet -->'));
  const match = /```nginx\n([\s\S]*?)```/.exec(after);
  if (!match) throw new Error('no nginx snippet after the forward-auth marker');
  return match[1];
}

describe('Forward auth: GET /api/auth/verify behind the real nginx with the documented snippet', () => {
  let sut: OidcTestApp;
  let app: Server;
  let nginx: Nginx;
  let base: string;

  beforeAll(async () => {
    sut = await startOidcApp();
    const tobiraPort = Number(new URL(sut.issuer).port);
    // The internal app: echoes who nginx says is signed in.
    app = createServer((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify({
          user: req.headers['x-tobira-user'] ?? null,
          contract: req.headers['x-tobira-contract'] ?? null,
        }),
      );
    });
    await new Promise<void>((done) => app.listen(0, '127.0.0.1', done));
    const appPort = (app.address() as { port: number }).port;
    const port = await freePort();
    nginx = spawnNginx({
      port,
      workerConnections: 64,
      accessLog: true,
      http: `  upstream tobira { server 127.0.0.1:${tobiraPort}; }
  upstream internal_app { server 127.0.0.1:${appPort}; }`,
      server: documentedSnippet(),
    });
    base = nginx.base;
    await nginx.ready;
  });

  afterAll(async () => {
    await nginx?.stop();
    await new Promise<void>((done) => app?.close(() => done()));
    await sut.close();
  });

  it('passes a signed-in user to the internal app with X-Tobira-User and X-Tobira-Contract', async () => {
    const user = await activeUser(sut);
    const browser = new TestBrowser(base);
    expect(
      (
        await browser.api('POST', '/api/auth/login', {
          username: user.username,
          password: user.password,
        })
      ).status,
    ).toBe(200);
    const res = await browser.get('/internal/page');
    expect(res.status).toBe(200);
    const account = await sut.users.findByUsername(user.username);
    expect(await res.json()).toEqual({ user: user.username, contract: account!.organizationId });
  });

  it('sends a browser without a session to /login, and a forged header never reaches the app', async () => {
    const res = await fetch(`${base}/internal/page`, {
      redirect: 'manual',
      headers: { 'X-Tobira-User': 'admin' },
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/\/login$/);
  });

  it('refuses a session still at its MFA step or forced change, and one that signed out', async () => {
    const user = await activeUser(sut);
    const browser = new TestBrowser(base);
    await browser.api('POST', '/api/auth/login', {
      username: user.username,
      password: user.password,
    });
    expect((await browser.get('/internal/page')).status).toBe(200);
    await browser.api('POST', '/api/auth/logout');
    expect((await browser.get('/internal/page')).status).toBe(302);

    const verify = await fetch(`${sut.issuer}/api/auth/verify`);
    expect(verify.status).toBe(401);

    // Still on the temporary password: the forced change comes first.
    const issued = await issueAccount(sut.accounts);
    const temporary = new TestBrowser(base);
    expect((await temporary.api('POST', '/api/auth/login', issued)).status).toBe(200);
    expect((await temporary.get('/internal/page')).status).toBe(302);

    // Right password, MFA code not yet sent.
    const mfaUser = await activeUser(sut);
    await enableMfa(mfaUser.browser);
    const pending = new TestBrowser(base);
    const signedIn = await pending.api('POST', '/api/auth/login', {
      username: mfaUser.username,
      password: mfaUser.password,
    });
    expect(((await signedIn.json()) as { mfaRequired: boolean }).mfaRequired).toBe(true);
    expect((await pending.get('/internal/page')).status).toBe(302);
  });

  it('does not let a signed-in user claim another name', async () => {
    const user = await activeUser(sut);
    const browser = new TestBrowser(base);
    await browser.api('POST', '/api/auth/login', {
      username: user.username,
      password: user.password,
    });
    const res = await browser.get('/internal/page', { 'X-Tobira-User': 'someone-else' });
    expect(((await res.json()) as { user: string }).user).toBe(user.username);
  });
});

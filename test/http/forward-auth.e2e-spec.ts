import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { issueAccount } from '../support/factories';
import { activeUser, enableMfa } from '../support/oidc-accounts';
import { freePort, startOidcApp, TestBrowser, type OidcTestApp } from '../support/oidc-rp';

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
  let nginx: ChildProcess;
  let dir: string;
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
    base = `http://127.0.0.1:${port}`;
    dir = mkdtempSync(join(tmpdir(), 'tobira-forward-auth-'));
    writeFileSync(
      join(dir, 'nginx.conf'),
      `${process.getuid?.() === 0 ? 'user root;' : ''}
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream tobira { server 127.0.0.1:${tobiraPort}; }
  upstream internal_app { server 127.0.0.1:${appPort}; }
  server {
    listen 127.0.0.1:${port};
${documentedSnippet()}
  }
}
`,
    );
    nginx = spawn(
      'nginx',
      ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')],
      {
        stdio: 'ignore',
      },
    );
    for (let i = 0; ; i++) {
      const ok = await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (i > 100)
        throw new Error(`nginx did not start: ${readFileSync(join(dir, 'error.log'), 'utf8')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(async () => {
    nginx?.kill('SIGTERM');
    await new Promise<void>((done) => app?.close(() => done()));
    await sut.close();
    rmSync(dir, { recursive: true, force: true });
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

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { E2E_PORT } from './e2e-database.mjs';
import { operatorCli } from './support';

/**
 * A small relying-party web app for the browser suite: its own HTTP server on a port of its own
 * (127.0.0.1, so another site than Tobira at localhost), openid-client doing the authorization
 * code flow with PKCE against the built server, and a page showing the id_token's claims.
 * Registered as a client the way an operator does it: the built CLI, with --json.
 */

/** The issuer: the server's default PUBLIC_URL (the browser suite sets none). */
export const ISSUER = `http://localhost:${E2E_PORT}`;

export interface RelyingPartyApp {
  /** The app's home page. */
  url: string;
  name: string;
  clientId: string;
  close(): Promise<void>;
}

interface AppSession {
  verifier?: string;
  state?: string;
  claims?: oidc.IDToken;
  error?: string;
}

function escapeHtml(value: unknown): string {
  return String(value).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

function page(name: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(name)}</title></head>
<body><main><h1>${escapeHtml(name)}</h1>${body}</main></body></html>`;
}

/** `client create` of the built CLI; answers its JSON line. */
export function createClient(args: string[]): { clientId: string; clientSecret?: string } {
  const out = operatorCli('client', 'create', ...args, '--json');
  return JSON.parse(out) as { clientId: string; clientSecret?: string };
}

/**
 * Starts an app, registers it (with the CLI options `options`, e.g. --require-mfa, --consent)
 * for its callback on the port it got, and discovers the issuer.
 */
export async function startRelyingParty(options: string[] = []): Promise<RelyingPartyApp> {
  const name = `RP ${randomBytes(3).toString('hex')}`;
  const sessions = new Map<string, AppSession>();
  const cookieName = `rp_${randomBytes(4).toString('hex')}`;
  // Discovered once the app listens and is registered (its redirect URI names its port).
  const discovered: { config?: oidc.Configuration } = {};
  let base = '';

  const sessionOf = (req: IncomingMessage, res: ServerResponse): AppSession => {
    const sid = new RegExp(`(?:^|; )${cookieName}=([a-f0-9]+)`).exec(req.headers.cookie ?? '')?.[1];
    if (sid && sessions.has(sid)) return sessions.get(sid)!;
    const fresh = randomBytes(16).toString('hex');
    sessions.set(fresh, {});
    res.setHeader('Set-Cookie', `${cookieName}=${fresh}; Path=/; HttpOnly; SameSite=Lax`);
    return sessions.get(fresh)!;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', base);
    const session = sessionOf(req, res);
    const send = (status: number, html: string) => {
      res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(html);
    };
    if (url.pathname === '/login') {
      session.verifier = oidc.randomPKCECodeVerifier();
      session.state = oidc.randomState();
      delete session.claims;
      delete session.error;
      const to = oidc.buildAuthorizationUrl(discovered.config!, {
        redirect_uri: `${base}/callback`,
        scope: 'openid profile',
        code_challenge: await oidc.calculatePKCECodeChallenge(session.verifier),
        code_challenge_method: 'S256',
        state: session.state,
      });
      res.writeHead(302, { Location: to.href });
      res.end();
      return;
    }
    if (url.pathname === '/callback') {
      try {
        const tokens = await oidc.authorizationCodeGrant(discovered.config!, url, {
          pkceCodeVerifier: session.verifier,
          expectedState: session.state,
        });
        session.claims = tokens.claims();
      } catch (error) {
        session.error = (error as { error?: string }).error ?? String(error);
      }
      res.writeHead(302, { Location: '/' });
      res.end();
      return;
    }
    if (url.pathname === '/forget') {
      delete session.claims;
      res.writeHead(302, { Location: '/' });
      res.end();
      return;
    }
    if (url.pathname !== '/') {
      send(404, page(name, '<p>Not found</p>'));
      return;
    }
    const claims = session.claims;
    if (claims) {
      const contract = claims.contract as { id: string; name: string };
      send(
        200,
        page(
          name,
          `<p>Signed in.</p><dl>
<dt>preferred_username</dt><dd data-claim="preferred_username">${escapeHtml(claims.preferred_username)}</dd>
<dt>contract</dt><dd data-claim="contract">${escapeHtml(contract.name)} (${escapeHtml(contract.id)})</dd>
<dt>amr</dt><dd data-claim="amr">${escapeHtml(((claims.amr as string[] | undefined) ?? []).join(' '))}</dd>
<dt>sub</dt><dd data-claim="sub">${escapeHtml(claims.sub)}</dd>
</dl><p><a href="/forget">Forget this sign-in</a></p>`,
        ),
      );
      return;
    }
    const error = session.error
      ? `<p role="alert" data-error>${escapeHtml(session.error)}</p>`
      : '';
    send(200, page(name, `${error}<p><a href="/login">Sign in with Tobira</a></p>`));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = createClient(['--name', name, '--redirect-uri', `${base}/callback`, ...options]);
  discovered.config = await oidc.discovery(
    new URL(ISSUER),
    client.clientId,
    undefined,
    client.clientSecret ? oidc.ClientSecretBasic(client.clientSecret) : oidc.None(),
    { execute: [oidc.allowInsecureRequests] },
  );
  return {
    url: `${base}/`,
    name,
    clientId: client.clientId,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

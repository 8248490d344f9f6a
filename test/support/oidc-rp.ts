import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { OidcClientsService, type CreateClientInput } from '../../server/oidc/oidc-clients.service';
import { UsersService } from '../../server/users/users.service';
import { createTestApp, type TestApp } from './test-app';
import { freePort } from './server-process';
import type { TestDatabase } from './test-database';
import { totp } from './totp';

export interface OidcTestApp extends TestApp {
  issuer: string;
  users: UsersService;
  clients: OidcClientsService;
}

/** The real application listening on a port of its own, with PUBLIC_URL (the issuer) pointing at it. */
export async function startOidcApp(
  env: Record<string, string> = {},
  shared?: TestDatabase,
): Promise<OidcTestApp> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const app = await createTestApp({ PUBLIC_URL: issuer, ...env }, shared);
  await app.app.listen(port, '127.0.0.1');
  return {
    ...app,
    issuer,
    users: app.app.get(UsersService),
    clients: app.app.get(OidcClientsService),
  };
}

/**
 * The application of a `describe` block: started (with an MFA key of its own, so that it can sign
 * keys and keep TOTP secrets) before the block's tests and closed after them. What it answers
 * stands for that application once started, so the block reads `sut.issuer` as with a variable.
 */
export function oidcAppForSuite(env: Record<string, string> = {}): OidcTestApp {
  let app: OidcTestApp | undefined;
  beforeAll(async () => {
    app = await startOidcApp({ MFA_ENCRYPTION_KEY: randomBytes(32).toString('base64'), ...env });
  });
  afterAll(async () => {
    await app?.close();
  });
  return new Proxy({} as OidcTestApp, {
    get(_, key) {
      if (!app) throw new Error('the OpenID Connect application is not started yet');
      return Reflect.get(app, key) as unknown;
    },
  });
}

/**
 * A browser as far as the flows need one: keeps cookies (one host, so names are enough), follows
 * nothing by itself, and sends the XSRF header on the API's JSON calls as the client does.
 */
export class TestBrowser {
  readonly cookies = new Map<string, string>();

  constructor(public base: string) {}

  private remember(res: Response): Response {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  url(pathOrUrl: string): string {
    return new URL(pathOrUrl, this.base).href;
  }

  async get(pathOrUrl: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.remember(
      await fetch(this.url(pathOrUrl), {
        redirect: 'manual',
        headers: { Cookie: this.cookieHeader(), Accept: 'text/html', ...headers },
      }),
    );
  }

  async postForm(pathOrUrl: string, form: Record<string, string>): Promise<Response> {
    return this.remember(
      await fetch(this.url(pathOrUrl), {
        method: 'POST',
        redirect: 'manual',
        headers: {
          Cookie: this.cookieHeader(),
          Accept: 'text/html',
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(form).toString(),
      }),
    );
  }

  async api(method: 'GET' | 'POST', path: string, body?: object): Promise<Response> {
    if (method !== 'GET' && !this.cookies.has('XSRF-TOKEN')) await this.get('/api/health');
    return this.remember(
      await fetch(this.url(path), {
        method,
        redirect: 'manual',
        headers: {
          Cookie: this.cookieHeader(),
          Accept: 'application/json',
          ...(body ? { 'Content-Type': 'application/json' } : {}),
          ...(method !== 'GET' ? { 'X-XSRF-TOKEN': this.cookies.get('XSRF-TOKEN') ?? '' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      }),
    );
  }
}

export interface TestUser {
  username: string;
  password: string;
  /** For an account on its temporary password: what the forced change sets. */
  newPassword?: string;
  /** The TOTP secret, when MFA is on. */
  mfaSecret?: Buffer;
}

/**
 * What the client's pages do when the provider sends the browser to /login?returnUrl=/connect/continue/…:
 * sign in (password, MFA code), and come back to the interaction. Answers the interaction's URL.
 */
export async function signInAsTheClientDoes(browser: TestBrowser, user: TestUser): Promise<void> {
  const res = await browser.api('POST', '/api/auth/login', {
    username: user.username,
    password: user.password,
  });
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`);
  let session = (await res.json()) as { mfaRequired?: boolean; passwordChangeRequired?: boolean };
  if (session.mfaRequired) {
    if (!user.mfaSecret) throw new Error('MFA code asked for, but the user has no secret');
    // The next time step: the current one was used up when MFA was turned on.
    const code = await browser.api('POST', '/api/auth/mfa/code', {
      code: totp(user.mfaSecret, new Date(Date.now() + 30_000)),
    });
    if (code.status !== 200)
      throw new Error(`MFA step answered ${code.status}: ${await code.text()}`);
    session = (await code.json()) as typeof session;
  }
  if (session.passwordChangeRequired && user.newPassword) {
    const changed = await browser.api('POST', '/api/auth/password', {
      currentPassword: user.password,
      newPassword: user.newPassword,
      newPasswordConfirmation: user.newPassword,
    });
    if (changed.status !== 200) throw new Error(`forced change answered ${changed.status}`);
    user.password = user.newPassword;
    delete user.newPassword;
  }
}

export interface AuthorizationOutcome {
  /** The redirect back to the application, when the flow got there. */
  callback?: URL;
  /** The last response, when the flow stopped elsewhere. */
  stoppedAt?: Response;
  /** Whether the flow went through the sign-in page. */
  signedIn: boolean;
}

/**
 * Follows an authorization request as a browser would, signing in when sent to the login page
 * (as `user`, when given), until the redirect to `redirectUri`.
 */
export async function runAuthorization(
  browser: TestBrowser,
  authorizationUrl: URL,
  redirectUri: string,
  user?: TestUser,
): Promise<AuthorizationOutcome> {
  let res = await browser.get(authorizationUrl.href);
  let signedIn = false;
  for (let hops = 0; hops < 20; hops++) {
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) return { stoppedAt: res, signedIn };
    const next = new URL(location, browser.base);
    if (next.href.startsWith(redirectUri)) return { callback: next, signedIn };
    if (next.pathname === '/login') {
      const returnUrl = next.searchParams.get('returnUrl') ?? '';
      const uid = /^\/connect\/continue\/([A-Za-z0-9_-]+)$/.exec(returnUrl)?.[1];
      if (!uid) throw new Error(`unexpected sign-in return URL ${returnUrl}`);
      // The client's pages: a signed-in browser goes straight on; else the user signs in.
      const session = await browser.api('GET', '/api/auth/session');
      const state =
        session.status === 200
          ? ((await session.json()) as { passwordChangeRequired: boolean })
          : null;
      if (!state) {
        if (!user) return { stoppedAt: res, signedIn };
        await signInAsTheClientDoes(browser, user);
        signedIn = true;
      } else if (state.passwordChangeRequired) {
        // The client's pages would show the forced change; the test decides whether to make it.
        return { stoppedAt: res, signedIn };
      }
      res = await browser.get(`/api/oidc/interaction/${uid}`);
      continue;
    }
    const own = next.origin === new URL(browser.base).origin;
    if (!own || !/^\/(?:oidc\/|api\/oidc\/|\.well-known\/)/.test(next.pathname)) {
      return { stoppedAt: res, signedIn };
    }
    res = await browser.get(next.href);
  }
  throw new Error('too many redirects');
}

/** A relying party (openid-client) of a registered client. */
export async function relyingParty(
  app: OidcTestApp,
  input: Partial<CreateClientInput> & { redirectUris?: string[] } = {},
) {
  const redirectUri = input.redirectUris?.[0] ?? 'https://rp.example/callback';
  const created = await app.clients.create({
    name: input.name ?? `app-${Math.random().toString(36).slice(2)}`,
    redirectUris: input.redirectUris ?? [redirectUri],
    postLogoutRedirectUris: input.postLogoutRedirectUris ?? ['https://rp.example/signed-out'],
    public: input.public ?? false,
    consent: input.consent ?? false,
    requireMfa: input.requireMfa ?? false,
    ...(input.contract ? { contract: input.contract } : {}),
    ...(input.authMethod ? { authMethod: input.authMethod } : {}),
  });
  const clientAuth = created.clientSecret
    ? input.authMethod === 'client_secret_post'
      ? oidc.ClientSecretPost(created.clientSecret)
      : oidc.ClientSecretBasic(created.clientSecret)
    : oidc.None();
  const config = await oidc.discovery(
    new URL(app.issuer),
    created.clientId,
    undefined,
    clientAuth,
    { execute: [oidc.allowInsecureRequests] },
  );
  return { config, redirectUri, ...created };
}

/** An authorization request with PKCE (S256) and state; the verifier to exchange its code with. */
export async function authorizationRequest(
  config: oidc.Configuration,
  redirectUri: string,
  extra: Record<string, string> = {},
) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid profile',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    ...extra,
  });
  return { url, verifier, state };
}

export type RelyingParty = Awaited<ReturnType<typeof relyingParty>>;

/**
 * An authorization for `rp` (code + PKCE) followed in `browser`, signing in as `user` when asked,
 * up to its code, not yet exchanged.
 */
export async function codeFor(
  rp: RelyingParty,
  browser: TestBrowser,
  user?: TestUser,
  extra: Record<string, string> = {},
) {
  const request = await authorizationRequest(rp.config, rp.redirectUri, extra);
  const outcome = await runAuthorization(browser, request.url, rp.redirectUri, user);
  if (!outcome.callback)
    throw new Error(
      `no callback (${outcome.stoppedAt?.status} ${outcome.stoppedAt?.headers.get('location')})`,
    );
  return { ...request, callback: outcome.callback, signedIn: outcome.signedIn };
}

/** The code's tokens, as the relying party gets them (its state and PKCE verifier checked). */
export function exchange(
  rp: RelyingParty,
  code: { callback: URL; verifier: string; state: string },
) {
  return oidc.authorizationCodeGrant(rp.config, code.callback, {
    pkceCodeVerifier: code.verifier,
    expectedState: code.state,
  });
}

/** codeFor, then exchange: the tokens, their claims, and whether the user had to sign in. */
export async function signInTo(
  rp: RelyingParty,
  browser: TestBrowser,
  user?: TestUser,
  extra: Record<string, string> = {},
) {
  const code = await codeFor(rp, browser, user, extra);
  const tokens = await exchange(rp, code);
  return { tokens, signedIn: code.signedIn, claims: tokens.claims()! };
}

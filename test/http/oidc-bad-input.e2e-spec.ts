import * as oidc from 'openid-client';
import { runCli } from '../support/cli';
import { activeUser, auditEvents } from '../support/oidc-accounts';
import {
  authorizationRequest,
  codeFor,
  exchange,
  oidcAppForSuite,
  relyingParty,
  runAuthorization,
  TestBrowser,
  type OidcTestApp,
  type RelyingParty as Rp,
} from '../support/oidc-rp';

/**
 * A 401 invalid_client, as openid-client reports it: in a WWW-Authenticate challenge (Basic
 * authentication) or in the body (client_secret_post).
 */
async function expectInvalidClient(attempt: Promise<unknown>): Promise<void> {
  const error = (await attempt.then(
    () => null,
    (reason: unknown) => reason,
  )) as { status?: number; error?: string; cause?: { parameters?: { error?: string } }[] } | null;
  expect(error?.status).toBe(401);
  expect(error?.error ?? error?.cause?.[0]?.parameters?.error).toBe('invalid_client');
}

/** Rows of what the provider issues: nothing may be added by a refused request. */
async function issued(app: OidcTestApp): Promise<number> {
  const [{ n }]: { n: number }[] = await app.db.dataSource.query(
    `SELECT count(*)::int AS n FROM oidc_payloads
      WHERE model IN ('AccessToken', 'RefreshToken', 'AuthorizationCode')`,
  );
  return n;
}

describe('OpenID Connect: bad input gets the error the specifications name, never a 500', () => {
  const sut = oidcAppForSuite();

  /** The code of a new user's authorization for `rp`, not yet exchanged. */
  async function newUserCode(rp: Rp, extra: Record<string, string> = {}) {
    const user = await activeUser(sut);
    return { ...(await codeFor(rp, new TestBrowser(sut.issuer), user, extra)), user };
  }

  /** The raw token endpoint answer for `form` (what openid-client would not even send). */
  async function tokenEndpoint(rp: Rp, form: Record<string, string>, auth = true) {
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
    if (auth && rp.clientSecret) {
      headers.Authorization = `Basic ${Buffer.from(`${rp.clientId}:${rp.clientSecret}`).toString('base64')}`;
    }
    return fetch(`${sut.issuer}/oidc/token`, {
      method: 'POST',
      headers,
      body: new URLSearchParams(form).toString(),
    });
  }

  it('never redirects to an unregistered redirect URI', async () => {
    const rp = await relyingParty(sut);
    const before = await issued(sut);
    const request = await authorizationRequest(rp.config, 'https://evil.example/callback');
    const res = await new TestBrowser(sut.issuer).get(request.url.href);
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('redirect_uri');
    expect(await issued(sut)).toBe(before);
    const events = await auditEvents(sut, 'oidc.refused', { clientId: rp.clientId });
    expect(events[0].detail).toMatchObject({
      step: 'authorization',
      error: 'invalid_redirect_uri',
    });
  });

  it('refuses an unknown or a disabled client without redirecting', async () => {
    const unknown = new URL(`${sut.issuer}/oidc/auth`);
    unknown.search = new URLSearchParams({
      client_id: 'no-such-client',
      redirect_uri: 'https://rp.example/callback',
      response_type: 'code',
      scope: 'openid',
    }).toString();
    const res = await new TestBrowser(sut.issuer).get(unknown.href);
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();

    const rp = await relyingParty(sut);
    const { tokens } = await (async () => {
      const code = await newUserCode(rp);
      return { tokens: await exchange(rp, code) };
    })();
    await sut.clients.disable(rp.clientId);
    const request = await authorizationRequest(rp.config, rp.redirectUri);
    const again = await new TestBrowser(sut.issuer).get(request.url.href);
    expect(again.status).toBe(400);
    expect(again.headers.get('location')).toBeNull();
    await expectInvalidClient(oidc.refreshTokenGrant(rp.config, tokens.refresh_token!));
  });

  it('refuses a wrong client secret (basic and post) with invalid_client', async () => {
    for (const authMethod of ['client_secret_basic', 'client_secret_post'] as const) {
      const rp = await relyingParty(sut, { authMethod });
      const code = await newUserCode(rp);
      const before = await issued(sut);
      const wrong = await oidc.discovery(
        new URL(sut.issuer),
        rp.clientId,
        undefined,
        authMethod === 'client_secret_post'
          ? oidc.ClientSecretPost('wrong-secret')
          : oidc.ClientSecretBasic('wrong-secret'),
        { execute: [oidc.allowInsecureRequests] },
      );
      await expectInvalidClient(
        oidc.authorizationCodeGrant(wrong, code.callback, {
          pkceCodeVerifier: code.verifier,
          expectedState: code.state,
        }),
      );
      expect(await issued(sut)).toBe(before);
      // The right secret, the registered way, still works for this code.
      expect((await exchange(rp, code)).access_token).toBeTruthy();
    }
  });

  it('requires PKCE of a public client, and the right verifier of everyone', async () => {
    const rp = await relyingParty(sut, { public: true });
    // No code_challenge: the request is refused back at the (registered) redirect URI.
    const bare = new URL(`${sut.issuer}/oidc/auth`);
    bare.search = new URLSearchParams({
      client_id: rp.clientId,
      redirect_uri: rp.redirectUri,
      response_type: 'code',
      scope: 'openid',
    }).toString();
    const outcome = await runAuthorization(new TestBrowser(sut.issuer), bare, rp.redirectUri);
    expect(outcome.callback?.searchParams.get('error')).toBe('invalid_request');

    const code = await newUserCode(rp);
    const before = await issued(sut);
    await expect(
      oidc.authorizationCodeGrant(rp.config, code.callback, {
        pkceCodeVerifier: oidc.randomPKCECodeVerifier(),
        expectedState: code.state,
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    const missing = await tokenEndpoint(rp, {
      grant_type: 'authorization_code',
      code: code.callback.searchParams.get('code')!,
      redirect_uri: rp.redirectUri,
      client_id: rp.clientId,
    });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: string }).error).toBe('invalid_grant');
    expect(await issued(sut)).toBe(before);
  });

  it('a reused code is refused and revokes what its first use issued (RFC 6749 §4.1.2)', async () => {
    const rp = await relyingParty(sut);
    const code = await newUserCode(rp);
    const first = await exchange(rp, code);
    await expect(exchange(rp, code)).rejects.toMatchObject({ error: 'invalid_grant' });
    expect((await oidc.tokenIntrospection(rp.config, first.access_token)).active).toBe(false);
    await expect(oidc.refreshTokenGrant(rp.config, first.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    const revoked = await auditEvents(sut, 'oidc.token_revoked', { clientId: rp.clientId });
    expect(revoked.length).toBeGreaterThan(0);
  });

  it('one code sent twice at once: at most one exchange succeeds, and nothing issued stays usable', async () => {
    const rp = await relyingParty(sut);
    const code = await newUserCode(rp);
    const results = await Promise.allSettled([
      exchange(rp, code),
      exchange(rp, code),
      exchange(rp, code),
    ]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    expect(ok.length).toBeLessThanOrEqual(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ error: 'invalid_grant' });
    }
    // Whatever the winner got was revoked by the reuse.
    for (const r of ok) {
      const tokens = (r as PromiseFulfilledResult<oidc.TokenEndpointResponse>).value;
      expect((await oidc.tokenIntrospection(rp.config, tokens.access_token)).active).toBe(false);
    }
  });

  it('one refresh token sent twice at once: at most one refresh succeeds', async () => {
    const rp = await relyingParty(sut);
    const tokens = await exchange(rp, await newUserCode(rp));
    const results = await Promise.allSettled([
      oidc.refreshTokenGrant(rp.config, tokens.refresh_token!),
      oidc.refreshTokenGrant(rp.config, tokens.refresh_token!),
      oidc.refreshTokenGrant(rp.config, tokens.refresh_token!),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeLessThanOrEqual(1);
  });

  it('refuses an expired code with invalid_grant', async () => {
    const rp = await relyingParty(sut);
    const code = await newUserCode(rp);
    // The code's lifetime passes (OIDC_CODE_SECONDS): its expiry moved into the past.
    await sut.db.dataSource.query(
      `UPDATE oidc_payloads SET payload = jsonb_set(payload, '{exp}', to_jsonb(floor(extract(epoch FROM now()))::int - 1))
        WHERE model = 'AuthorizationCode' AND id = $1`,
      [code.callback.searchParams.get('code')],
    );
    const before = await issued(sut);
    await expect(exchange(rp, code)).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(await issued(sut)).toBe(before);
  });

  it('prompt=none without a session answers login_required, audited', async () => {
    const rp = await relyingParty(sut);
    const request = await authorizationRequest(rp.config, rp.redirectUri, { prompt: 'none' });
    const outcome = await runAuthorization(
      new TestBrowser(sut.issuer),
      request.url,
      rp.redirectUri,
    );
    expect(outcome.callback?.searchParams.get('error')).toBe('login_required');
    const events = await auditEvents(sut, 'oidc.refused', { clientId: rp.clientId });
    expect(events[0].detail).toMatchObject({ error: 'login_required' });
  });

  it('malformed requests get a 400-class error, never a 500', async () => {
    const rp = await relyingParty(sut);
    const bodies: Record<string, string>[] = [
      {},
      { grant_type: 'authorization_code' },
      { grant_type: 'nonsense', code: 'x' },
      { grant_type: 'authorization_code', code: 'x'.repeat(5000), redirect_uri: rp.redirectUri },
      { grant_type: 'refresh_token', refresh_token: '\u0000\u0001' },
      { 'grant_type[a][b]': 'authorization_code', code: 'x' },
    ];
    for (const body of bodies) {
      const res = await tokenEndpoint(rp, body);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    const duplicated = await fetch(`${sut.issuer}/oidc/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=authorization_code&grant_type=refresh_token&code=a&code=b',
    });
    expect(duplicated.status).toBe(400);
    const json = await fetch(`${sut.issuer}/oidc/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ a: { b: { c: { d: {} } } } }),
    });
    expect(json.status).toBeGreaterThanOrEqual(400);
    expect(json.status).toBeLessThan(500);
    const auth = new URL(`${sut.issuer}/oidc/auth`);
    auth.search = `client_id=${rp.clientId}&client_id=other&response_type=code&scope=${'a'.repeat(10000)}`;
    const weird = await fetch(auth, { redirect: 'manual' });
    expect(weird.status).toBeGreaterThanOrEqual(400);
    expect(weird.status).toBeLessThan(500);
    const interaction = await fetch(`${sut.issuer}/api/oidc/interaction/${'%00'.repeat(10)}`, {
      redirect: 'manual',
    });
    expect(interaction.status).toBe(404);
  });
});

describe('client CLI (the JSON contract scripts use)', () => {
  const sut = oidcAppForSuite();

  const cli = (...args: string[]) => runCli(sut.db.url, ...args);

  it('creates, lists, rotates and disables clients; secrets are shown once and stored hashed', async () => {
    const created = await cli(
      'client',
      'create',
      '--name',
      'Wiki',
      '--redirect-uri',
      'https://wiki.example/cb',
      '--redirect-uri',
      'https://wiki.example/cb2',
      '--json',
    );
    expect(created.code).toBe(0);
    const out = JSON.parse(created.stdout) as { clientId: string; clientSecret: string };
    expect(Object.keys(out).sort()).toEqual(['clientId', 'clientSecret']);
    const stored = JSON.stringify(
      await sut.db.dataSource.query('SELECT * FROM oidc_clients WHERE client_id = $1', [
        out.clientId,
      ]),
    );
    expect(stored).not.toContain(out.clientSecret);

    const app = await cli(
      'client',
      'create',
      '--name',
      'Desktop',
      '--public',
      '--redirect-uri',
      'http://127.0.0.1/callback',
      '--redirect-uri',
      'jp.example.desktop:/cb',
      '--json',
    );
    expect(app.code).toBe(0);
    expect(Object.keys(JSON.parse(app.stdout) as object)).toEqual(['clientId']);

    const listed = JSON.parse((await cli('client', 'list', '--json')).stdout) as {
      name: string;
      native: boolean;
    }[];
    expect(listed.map((c) => c.name)).toEqual(['Desktop', 'Wiki']);
    expect(listed[0].native).toBe(true);
    expect(JSON.stringify(listed)).not.toContain(out.clientSecret);

    const rotated = JSON.parse(
      (await cli('client', 'rotate-secret', '--client', 'Wiki', '--json')).stdout,
    ) as {
      clientSecret: string;
    };
    expect(rotated.clientSecret).not.toBe(out.clientSecret);
    const disabled = await cli('client', 'disable', '--client', out.clientId, '--json');
    expect(disabled).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(disabled.stdout)).toEqual({ clientId: out.clientId, disabled: true });
  }, 120_000);

  it.each([
    [['client', 'create', '--name', 'X', '--json'], 'USAGE'],
    [
      ['client', 'create', '--name', 'X', '--redirect-uri', 'http://wiki.example/cb', '--json'],
      'CLIENT_INVALID',
    ],
    [
      ['client', 'create', '--name', 'X', '--redirect-uri', 'javascript:alert(1)', '--json'],
      'CLIENT_INVALID',
    ],
    [
      ['client', 'create', '--name', 'X', '--redirect-uri', 'https://a.example/cb#frag', '--json'],
      'CLIENT_INVALID',
    ],
    [
      ['client', 'create', '--name', 'X', '--redirect-uri', 'myapp:/cb', '--public', '--json'],
      'CLIENT_INVALID',
    ],
    [
      ['client', 'create', '--name', 'X', '--redirect-uri', 'jp.example.app:/cb', '--json'],
      'CLIENT_INVALID',
    ],
    [
      [
        'client',
        'create',
        '--name',
        'X',
        '--redirect-uri',
        'https://a.example/cb',
        '--contract',
        'nope',
        '--json',
      ],
      'CONTRACT_NOT_FOUND',
    ],
    [['client', 'rotate-secret', '--client', 'nope', '--json'], 'CLIENT_NOT_FOUND'],
    [
      [
        'client',
        'create',
        '--name',
        'X',
        '--redirect-uri',
        'https://a.example/cb',
        '--public',
        '--auth-method',
        'client_secret_post',
        '--json',
      ],
      'USAGE',
    ],
  ])(
    'refuses %j with %s and writes nothing',
    async (args, code) => {
      const [{ n: before }]: { n: number }[] = await sut.db.dataSource.query(
        'SELECT count(*)::int AS n FROM oidc_clients',
      );
      const run = await cli(...args);
      expect(run.code).not.toBe(0);
      expect((JSON.parse(run.stderr) as { error: { code: string } }).error.code).toBe(code);
      const [{ n: after }]: { n: number }[] = await sut.db.dataSource.query(
        'SELECT count(*)::int AS n FROM oidc_clients',
      );
      expect(after).toBe(before);
    },
    60_000,
  );
});

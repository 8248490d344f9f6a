import * as oidc from 'openid-client';
import { activeUser, auditEvents } from '../support/oidc-accounts';
import {
  codeFor,
  exchange,
  oidcAppForSuite,
  relyingParty,
  runAuthorization,
  authorizationRequest,
  signInTo,
  TestBrowser,
} from '../support/oidc-rp';

describe('OpenID Connect provider, with openid-client as the relying party', () => {
  const sut = oidcAppForSuite();

  it('publishes discovery and a JWKS with the issuer PUBLIC_URL', async () => {
    const res = await fetch(`${sut.issuer}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const discovery = (await res.json()) as Record<string, unknown>;
    expect(discovery.issuer).toBe(sut.issuer);
    expect(discovery.authorization_endpoint).toBe(`${sut.issuer}/oidc/auth`);
    expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
    const jwks = (await (await fetch(String(discovery.jwks_uri))).json()) as {
      keys: Record<string, unknown>[];
    };
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) expect(key).not.toHaveProperty('d');
  });

  it('signs a user in with code + PKCE: id_token verified against the JWKS, userinfo, refresh with rotation, revocation', async () => {
    const user = await activeUser(sut);
    const rp = await relyingParty(sut);
    const browser = new TestBrowser(sut.issuer);
    const { tokens, claims, signedIn } = await signInTo(rp, browser, user);
    expect(signedIn).toBe(true);

    const account = await sut.users.findByUsername(user.username);
    expect(claims.sub).toBe(account!.id);
    expect(claims.preferred_username).toBe(user.username);
    expect(claims.contract).toEqual({ id: account!.organizationId, name: expect.any(String) });
    expect(claims.amr).toEqual(['pwd']);
    expect(typeof claims.auth_time).toBe('number');

    const info = await oidc.fetchUserInfo(rp.config, tokens.access_token, claims.sub);
    expect(info.preferred_username).toBe(user.username);

    expect(tokens.refresh_token).toBeDefined();
    const refreshed = await oidc.refreshTokenGrant(rp.config, tokens.refresh_token!);
    expect(refreshed.refresh_token).toBeDefined();
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    // Rotation: the old refresh token is spent, and using it again revokes the grant.
    await expect(oidc.refreshTokenGrant(rp.config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await expect(oidc.refreshTokenGrant(rp.config, refreshed.refresh_token!)).rejects.toMatchObject(
      {
        error: 'invalid_grant',
      },
    );

    // Revocation and introspection on a fresh grant.
    const again = await codeFor(rp, browser);
    expect(again.signedIn).toBe(false);
    const more = await exchange(rp, again);
    expect((await oidc.tokenIntrospection(rp.config, more.access_token)).active).toBe(true);
    await oidc.tokenRevocation(rp.config, more.refresh_token!);
    await expect(oidc.refreshTokenGrant(rp.config, more.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });
});

describe('RP-initiated logout', () => {
  const sut = oidcAppForSuite();

  it('ends the grant, the provider session and the portal session, then returns to the app', async () => {
    const user = await activeUser(sut);
    const rp = await relyingParty(sut);
    const browser = new TestBrowser(sut.issuer);
    const { tokens } = await signInTo(rp, browser, user);
    expect((await browser.api('GET', '/api/auth/session')).status).toBe(200);

    const logout = oidc.buildEndSessionUrl(rp.config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: 'https://rp.example/signed-out',
      state: 'bye',
    });
    const page = await browser.get(logout.href, { 'Accept-Language': 'ja' });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('ログアウトしますか');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1];
    const action = /action="([^"]+)"/.exec(html)![1];
    const confirmed = await browser.postForm(action, { xsrf, logout: 'yes' });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe('https://rp.example/signed-out?state=bye');

    // Single sign-on is over, and so is the portal session; the refresh token is revoked.
    expect((await browser.api('GET', '/api/auth/session')).status).toBe(401);
    const silent = await authorizationRequest(rp.config, rp.redirectUri, { prompt: 'none' });
    const after = await runAuthorization(browser, silent.url, rp.redirectUri);
    expect(after.callback?.searchParams.get('error')).toBe('login_required');
    await expect(oidc.refreshTokenGrant(rp.config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    const events = await auditEvents(sut, 'oidc.logout', { clientId: rp.clientId });
    expect(events.length).toBeGreaterThan(0);
  });

  it('refuses an unregistered post_logout_redirect_uri without redirecting', async () => {
    const rp = await relyingParty(sut);
    const url = new URL(`${sut.issuer}/oidc/session/end`);
    url.search = new URLSearchParams({
      client_id: rp.clientId,
      post_logout_redirect_uri: 'https://evil.example/',
    }).toString();
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });
});

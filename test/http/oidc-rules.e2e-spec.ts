import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { OidcProviderService } from '../../server/oidc/oidc-provider.service';
import { SigningKeysService } from '../../server/oidc/signing-keys.service';
import { runCli } from '../support/cli';
import { issueAccount, strongPassword } from '../support/factories';
import { activeUser, auditEvents, enableMfa } from '../support/oidc-accounts';
import { secretOfUri, totp } from '../support/totp';
import {
  authorizationRequest,
  codeFor,
  exchange,
  oidcAppForSuite,
  relyingParty,
  runAuthorization,
  signInTo,
  TestBrowser,
  type RelyingParty as Rp,
  type TestUser,
} from '../support/oidc-rp';

describe('OpenID Connect: single sign-on and the portal rules at every token', () => {
  const sut = oidcAppForSuite();

  describe('single sign-on', () => {
    it('signs in to a second application without a prompt, and portal sign-out ends it', async () => {
      const user = await activeUser(sut);
      const first = await relyingParty(sut);
      const second = await relyingParty(sut);
      const browser = new TestBrowser(sut.issuer);

      const a = await signInTo(first, browser, user);
      expect(a.signedIn).toBe(true);
      const b = await signInTo(second, browser);
      expect(b.signedIn).toBe(false);
      expect(b.claims.sub).toBe(a.claims.sub);
      expect(b.claims.auth_time).toBe(a.claims.auth_time);

      // prompt=none works while the portal session lives...
      const silent = await authorizationRequest(second.config, second.redirectUri, {
        prompt: 'none',
      });
      const ok = await runAuthorization(browser, silent.url, second.redirectUri);
      expect(ok.callback?.searchParams.get('code')).toBeTruthy();

      // ...and ends with it.
      expect((await browser.api('POST', '/api/auth/logout')).status).toBe(200);
      const after = await authorizationRequest(second.config, second.redirectUri, {
        prompt: 'none',
      });
      const refused = await runAuthorization(browser, after.url, second.redirectUri);
      expect(refused.callback?.searchParams.get('error')).toBe('login_required');
      expect(refused.callback?.searchParams.get('code')).toBeNull();
      const prompted = await authorizationRequest(second.config, second.redirectUri);
      const back = await runAuthorization(browser, prompted.url, second.redirectUri);
      expect(back.callback).toBeUndefined();
      expect(back.stoppedAt?.headers.get('location')).toMatch(/^\/login\?returnUrl=/);
      const events = await auditEvents(sut, 'oidc.refused', { clientId: second.clientId });
      expect(events[0].detail).toMatchObject({
        error: 'login_required',
        client: expect.any(String),
      });
    });

    it('prompt=login and max_age=0 make the user sign in again', async () => {
      const user = await activeUser(sut);
      const rp = await relyingParty(sut);
      const browser = new TestBrowser(sut.issuer);
      const first = await signInTo(rp, browser, user);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const again = await signInTo(rp, browser, user, { prompt: 'login' });
      expect(again.signedIn).toBe(true);
      expect(again.claims.auth_time!).toBeGreaterThan(first.claims.auth_time!);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const aged = await signInTo(rp, browser, user, { max_age: '0' });
      expect(aged.signedIn).toBe(true);
      expect(aged.claims.auth_time!).toBeGreaterThan(again.claims.auth_time!);
    });

    it('takes a first sign-in through the forced password change and the MFA step (amr pwd + otp)', async () => {
      // A temporary password: no code until it is changed.
      const issued = await issueAccount(sut.accounts);
      const rp = await relyingParty(sut);
      const browser = new TestBrowser(sut.issuer);
      const stuck = await runAuthorization(
        browser,
        (await authorizationRequest(rp.config, rp.redirectUri)).url,
        rp.redirectUri,
        { ...issued },
      );
      expect(stuck.callback).toBeUndefined();
      expect(stuck.stoppedAt?.headers.get('location')).toMatch(/^\/login\?returnUrl=/);

      const user: TestUser = { ...issued, newPassword: strongPassword() };
      const fresh = new TestBrowser(sut.issuer);
      const changed = await signInTo(rp, fresh, user);
      expect(changed.signedIn).toBe(true);
      expect(changed.claims.amr).toEqual(['pwd']);

      const mfaSecret = await enableMfa(fresh);
      const withCode = await signInTo(rp, new TestBrowser(sut.issuer), { ...user, mfaSecret });
      expect(withCode.claims.amr).toEqual(['pwd', 'otp']);
    });
    it('takes amr from the session itself, not from another session’s sign-in', async () => {
      // Session A signs in with the password alone; then MFA is turned on, and the same account
      // signs in elsewhere (session B) with a recovery code. A's sign-in still had one factor.
      const user = await activeUser(sut);
      const started = await user.browser.api('POST', '/api/mfa/enrollment');
      const mfaSecret = secretOfUri(((await started.json()) as { otpauthUri: string }).otpauthUri);
      const confirmed = await user.browser.api('POST', '/api/mfa/enrollment/confirm', {
        code: totp(mfaSecret),
      });
      const { recoveryCodes } = (await confirmed.json()) as { recoveryCodes: string[] };
      const b = new TestBrowser(sut.issuer);
      const { username, password } = user;
      expect((await b.api('POST', '/api/auth/login', { username, password })).status).toBe(200);
      const recovered = await b.api('POST', '/api/auth/mfa/recovery-code', {
        recoveryCode: recoveryCodes[0],
      });
      expect(recovered.status).toBe(200);
      const rp = await relyingParty(sut);
      const a = await signInTo(rp, user.browser);
      expect(a.signedIn).toBe(false);
      expect(a.claims.amr).toEqual(['pwd']);
      // A client that requires MFA makes session A sign in again, with the code this time.
      const strict = await relyingParty(sut, { requireMfa: true });
      const again = await signInTo(strict, user.browser, { ...user, mfaSecret });
      expect(again.signedIn).toBe(true);
      expect(again.claims.amr).toEqual(['pwd', 'otp']);
    });
  });

  describe('rules at every token', () => {
    async function admin() {
      return activeUser(sut, { role: 'admin' });
    }

    async function expectRefreshRevoked(rp: Rp, refreshToken: string) {
      await expect(oidc.refreshTokenGrant(rp.config, refreshToken)).rejects.toMatchObject({
        error: 'invalid_grant',
      });
    }

    it.each([
      ['disabling the account', 'disable'],
      ['reissuing its temporary password', 'reissue'],
      ['resetting its MFA', 'reset-mfa'],
      ['ending its sessions', 'end-sessions'],
    ])('%s revokes its refresh tokens at once', async (_label, action) => {
      const administrator = await admin();
      const user = await activeUser(sut);
      const rp = await relyingParty(sut);
      const { tokens } = await signInTo(rp, new TestBrowser(sut.issuer), user);
      const res = await administrator.browser.api(
        'POST',
        `/api/admin/accounts/${user.id}/${action}`,
      );
      expect(res.status).toBe(200);
      await expectRefreshRevoked(rp, tokens.refresh_token!);
      expect((await oidc.tokenIntrospection(rp.config, tokens.access_token)).active).toBe(false);
    });

    it('the user ending their other sessions revokes the refresh tokens too', async () => {
      const user = await activeUser(sut);
      const rp = await relyingParty(sut);
      const { tokens } = await signInTo(rp, new TestBrowser(sut.issuer), user);
      const res = await user.browser.api('POST', '/api/sessions/end-others', {
        currentPassword: user.password,
      });
      expect(res.status).toBe(200);
      await expectRefreshRevoked(rp, tokens.refresh_token!);
    });

    it('the operator’s account reissue, from the CLI’s own process, revokes them too', async () => {
      const user = await activeUser(sut);
      const rp = await relyingParty(sut);
      const { tokens } = await signInTo(rp, new TestBrowser(sut.issuer), user);
      const grants = () =>
        sut.db.dataSource.query<{ model: string }[]>(
          'SELECT model FROM oidc_payloads WHERE account_id = $1 ORDER BY model',
          [user.id],
        );
      expect((await grants()).map((g) => g.model)).toContain('RefreshToken');
      const run = await runCli(sut.db.url, 'account', 'reissue', '--username', user.username);
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      // Revoked, not only refused while the password is temporary: the grant is gone.
      expect(await grants()).toEqual([]);
      await expectRefreshRevoked(rp, tokens.refresh_token!);
    });

    it('unlocking is not a reason to revoke anything', async () => {
      const administrator = await admin();
      const user = await activeUser(sut);
      const rp = await relyingParty(sut);
      const { tokens } = await signInTo(rp, new TestBrowser(sut.issuer), user);
      const res = await administrator.browser.api('POST', `/api/admin/accounts/${user.id}/unlock`);
      expect(res.status).toBeLessThan(500);
      const refreshed = await oidc.refreshTokenGrant(rp.config, tokens.refresh_token!);
      expect(refreshed.access_token).toBeTruthy();
    });

    it('a code issued before the account was disabled is worth nothing after', async () => {
      const administrator = await admin();
      const user = await activeUser(sut);
      const rp = await relyingParty(sut);
      const code = await codeFor(rp, new TestBrowser(sut.issuer), user);
      await administrator.browser.api('POST', `/api/admin/accounts/${user.id}/disable`);
      await expect(exchange(rp, code)).rejects.toMatchObject({ error: 'invalid_grant' });
    });

    it('a locked account gets no token (refresh refused while the lock runs)', async () => {
      const user = await activeUser(sut);
      const rp = await relyingParty(sut);
      const { tokens } = await signInTo(rp, new TestBrowser(sut.issuer), user);
      for (let i = 0; i < 10; i++) {
        await new TestBrowser(sut.issuer).api('POST', '/api/auth/login', {
          username: user.username,
          password: 'Wrong-password-1',
        });
      }
      await expect(oidc.refreshTokenGrant(rp.config, tokens.refresh_token!)).rejects.toMatchObject({
        error: 'invalid_grant',
      });
    }, 60_000);

    it('an account whose contract ended gets no token', async () => {
      const user = await activeUser(sut);
      const rp = await relyingParty(sut);
      const { tokens } = await signInTo(rp, new TestBrowser(sut.issuer), user);
      const account = await sut.users.findByUsername(user.username);
      // A contract of its own, ended yesterday (the CLI's `org end` writes this column).
      const [{ id }]: { id: string }[] = await sut.db.dataSource.query(
        `INSERT INTO organizations (name, plan, service_starts_on, service_ends_on)
         VALUES ($1, 'standard', '2020-01-01', current_date - 2) RETURNING id`,
        [`ended-${randomBytes(4).toString('hex')}`],
      );
      await sut.db.dataSource.query('UPDATE users SET organization_id = $2 WHERE id = $1', [
        account!.id,
        id,
      ]);
      await expect(oidc.refreshTokenGrant(rp.config, tokens.refresh_token!)).rejects.toMatchObject({
        error: 'invalid_grant',
      });
    });
  });

  describe('client settings', () => {
    it('a client bound to a contract refuses other contracts with access_denied, audited', async () => {
      const user = await activeUser(sut);
      const [{ id }]: { id: string }[] = await sut.db.dataSource.query(
        `INSERT INTO organizations (name, plan, service_starts_on) VALUES ($1, 'standard', '2020-01-01') RETURNING id`,
        [`other-${randomBytes(4).toString('hex')}`],
      );
      const bound = await relyingParty(sut, { contract: id });
      const browser = new TestBrowser(sut.issuer);
      const request = await authorizationRequest(bound.config, bound.redirectUri);
      const outcome = await runAuthorization(browser, request.url, bound.redirectUri, user);
      expect(outcome.callback?.searchParams.get('error')).toBe('access_denied');
      expect(outcome.callback?.searchParams.get('code')).toBeNull();
      const events = await auditEvents(sut, 'oidc.refused', { userId: user.id });
      expect(events[0].detail).toMatchObject({
        reason: 'other_contract',
        clientId: bound.clientId,
      });

      // The user's own contract is admitted.
      const account = await sut.users.findByUsername(user.username);
      const own = await relyingParty(sut, { contract: account!.organizationId });
      const ok = await runAuthorization(
        browser,
        (await authorizationRequest(own.config, own.redirectUri)).url,
        own.redirectUri,
      );
      expect(ok.callback?.searchParams.get('code')).toBeTruthy();
    });

    it('--require-mfa sends an account without MFA to set it up, and admits it with MFA', async () => {
      const user = await activeUser(sut);
      const rp = await relyingParty(sut, { requireMfa: true });
      const browser = new TestBrowser(sut.issuer);
      const request = await authorizationRequest(rp.config, rp.redirectUri);
      const outcome = await runAuthorization(browser, request.url, rp.redirectUri, user);
      expect(outcome.callback).toBeUndefined();
      expect(outcome.stoppedAt?.headers.get('location')).toBe('/settings/mfa');

      const mfaSecret = await enableMfa(user.browser);
      const withMfa = await signInTo(rp, new TestBrowser(sut.issuer), { ...user, mfaSecret });
      expect(withMfa.claims.amr).toEqual(['pwd', 'otp']);
    });
  });
});

describe('OpenID Connect: consent screen, native apps and key rotation', () => {
  const sut = oidcAppForSuite();

  it('--consent: the first sign-in waits for the user to allow the app, denial is access_denied', async () => {
    const user = await activeUser(sut);
    const rp = await relyingParty(sut, { consent: true });
    const browser = new TestBrowser(sut.issuer);
    const request = await authorizationRequest(rp.config, rp.redirectUri);
    const outcome = await runAuthorization(browser, request.url, rp.redirectUri, user);
    const location = outcome.stoppedAt?.headers.get('location') ?? '';
    const uid = /^\/connect\/consent\/([A-Za-z0-9_-]+)$/.exec(location)?.[1];
    expect(uid).toBeDefined();
    const asked = await browser.api('GET', `/api/oidc/interaction/${uid}/consent`);
    expect(await asked.json()).toEqual({
      clientName: expect.any(String),
      scopes: ['openid', 'profile'],
      username: user.username,
    });
    // Bad input: not a boolean.
    expect(
      (await browser.api('POST', `/api/oidc/interaction/${uid}/consent`, { approve: 'yes' }))
        .status,
    ).toBe(400);
    // Another user's browser cannot answer it.
    const other = await activeUser(sut);
    expect((await other.browser.api('GET', `/api/oidc/interaction/${uid}/consent`)).status).toBe(
      404,
    );

    const allowed = await browser.api('POST', `/api/oidc/interaction/${uid}/consent`, {
      approve: true,
    });
    const { redirectTo } = (await allowed.json()) as { redirectTo: string };
    let res = await browser.get(redirectTo);
    while (res.status === 303 || res.status === 302) {
      const next = new URL(res.headers.get('location')!, sut.issuer);
      if (next.href.startsWith(rp.redirectUri)) break;
      res = await browser.get(next.href);
    }
    const callback = new URL(res.headers.get('location')!);
    expect(callback.searchParams.get('code')).toBeTruthy();
    // Allowed once: the next sign-in to this app asks nothing.
    const again = await runAuthorization(
      browser,
      (await authorizationRequest(rp.config, rp.redirectUri)).url,
      rp.redirectUri,
    );
    expect(again.callback?.searchParams.get('code')).toBeTruthy();

    // A second user denies.
    const denier = await activeUser(sut);
    const denyBrowser = new TestBrowser(sut.issuer);
    const denied = await runAuthorization(
      denyBrowser,
      (await authorizationRequest(rp.config, rp.redirectUri)).url,
      rp.redirectUri,
      denier,
    );
    const denyUid = /\/connect\/consent\/(.+)$/.exec(
      denied.stoppedAt!.headers.get('location')!,
    )![1];
    const answer = await denyBrowser.api('POST', `/api/oidc/interaction/${denyUid}/consent`, {
      approve: false,
    });
    let step = await denyBrowser.get(((await answer.json()) as { redirectTo: string }).redirectTo);
    while (!step.headers.get('location')!.startsWith(rp.redirectUri)) {
      step = await denyBrowser.get(step.headers.get('location')!);
    }
    expect(new URL(step.headers.get('location')!).searchParams.get('error')).toBe('access_denied');
  });

  it('a native app: loopback redirect on any port, PKCE, no secret', async () => {
    const user = await activeUser(sut);
    const rp = await relyingParty(sut, {
      public: true,
      redirectUris: ['http://127.0.0.1/callback'],
    });
    const redirectUri = 'http://127.0.0.1:51234/callback';
    const request = await authorizationRequest(rp.config, redirectUri);
    const outcome = await runAuthorization(
      new TestBrowser(sut.issuer),
      request.url,
      redirectUri,
      user,
    );
    expect(outcome.callback?.searchParams.get('code')).toBeTruthy();
    const tokens = await oidc.authorizationCodeGrant(rp.config, outcome.callback!, {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
    });
    expect(tokens.claims()!.preferred_username).toBe(user.username);
    // Another host is not a loopback: never redirected to.
    const evil = await authorizationRequest(rp.config, 'http://127.0.0.2:51234/callback');
    expect((await new TestBrowser(sut.issuer).get(evil.url.href)).status).toBe(400);
  });

  it('a rotated signing key is used at once, and the old one stays published', async () => {
    const keys = sut.app.get(SigningKeysService);
    const before = (await (await fetch(`${sut.issuer}/oidc/jwks`)).json()) as {
      keys: { kid: string }[];
    };
    const rotated = await keys.rotate();
    expect(rotated.published).toEqual(expect.arrayContaining(before.keys.map((k) => k.kid)));
    // This instance notices within a minute; the check is forced here instead of waiting.
    await sut.app.get(OidcProviderService).reloadKeys();
    const after = (await (await fetch(`${sut.issuer}/oidc/jwks`)).json()) as {
      keys: { kid: string }[];
    };
    expect(after.keys.map((k) => k.kid)).toEqual([rotated.kid, ...before.keys.map((k) => k.kid)]);
    const user = await activeUser(sut);
    const rp = await relyingParty(sut);
    const { tokens } = await signInTo(rp, new TestBrowser(sut.issuer), user);
    const header = JSON.parse(
      Buffer.from(tokens.id_token!.split('.')[0], 'base64url').toString(),
    ) as {
      kid: string;
    };
    expect(header.kid).toBe(rotated.kid);
    // Sealed at rest: the private key is nowhere in the table in clear.
    const rows: { sealed_jwk: string }[] = await sut.db.dataSource.query(
      'SELECT sealed_jwk FROM oidc_signing_keys',
    );
    for (const row of rows) expect(row.sealed_jwk).toMatch(/^v1\./);
  });
});

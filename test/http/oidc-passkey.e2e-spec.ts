import { randomBytes } from 'node:crypto';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import * as oidc from 'openid-client';
import { activeUser } from '../support/oidc-accounts';
import {
  authorizationRequest,
  relyingParty,
  runAuthorization,
  startOidcApp,
  TestBrowser,
  type OidcTestApp,
} from '../support/oidc-rp';
import { SoftwareAuthenticator } from '../support/software-authenticator';

/**
 * A passkey is a second factor for a --require-mfa client: at the MFA step after the password
 * (amr pwd + hwk), or alone (amr hwk + user). The passkey is made by a software authenticator for
 * the relying party "the host of PUBLIC_URL" (here 127.0.0.1), as the passkeys suite does.
 */
describe('OpenID Connect: a passkey satisfies --require-mfa', () => {
  let sut: OidcTestApp;

  beforeAll(async () => {
    sut = await startOidcApp({ MFA_ENCRYPTION_KEY: randomBytes(32).toString('base64') });
  });

  afterAll(async () => {
    await sut.close();
  });

  /** An active account with one passkey of its own authenticator (and no TOTP). */
  async function passkeyUser() {
    const user = await activeUser(sut);
    const authenticator = new SoftwareAuthenticator(sut.issuer);
    const options = await user.browser.api('POST', '/api/passkeys/registration/options', {
      currentPassword: user.password,
    });
    expect(options.status).toBe(200);
    const registered = await user.browser.api('POST', '/api/passkeys/registration', {
      name: 'ノートPC',
      credential: authenticator.create(
        (await options.json()) as PublicKeyCredentialCreationOptionsJSON,
      ),
    });
    expect(registered.status).toBe(200);
    return { ...user, authenticator };
  }

  /** Asks `optionsPath` for a challenge, and answers it at `answerPath` with the user's passkey. */
  async function usePasskey(
    browser: TestBrowser,
    authenticator: SoftwareAuthenticator,
    optionsPath: string,
    answerPath: string,
  ): Promise<void> {
    const options = await browser.api('POST', optionsPath);
    expect(options.status).toBe(200);
    const answered = await browser.api('POST', answerPath, {
      credential: authenticator.get(
        (await options.json()) as PublicKeyCredentialRequestOptionsJSON,
      ),
    });
    expect(answered.status).toBe(200);
  }

  /** The rest of an authorization in `browser`, signed in already: the tokens of its code. */
  async function tokensFor(rp: Awaited<ReturnType<typeof relyingParty>>, browser: TestBrowser) {
    const request = await authorizationRequest(rp.config, rp.redirectUri);
    const outcome = await runAuthorization(browser, request.url, rp.redirectUri);
    if (!outcome.callback) {
      throw new Error(
        `no callback (${outcome.stoppedAt?.status} ${outcome.stoppedAt?.headers.get('location')})`,
      );
    }
    expect(outcome.callback.searchParams.get('code')).toBeTruthy();
    return oidc.authorizationCodeGrant(rp.config, outcome.callback, {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
    });
  }

  it('a passkey at the MFA step: the client gets amr pwd + hwk', async () => {
    const user = await passkeyUser();
    const rp = await relyingParty(sut, { requireMfa: true });
    const browser = new TestBrowser(sut.issuer);
    const signedIn = await browser.api('POST', '/api/auth/login', {
      username: user.username,
      password: user.password,
    });
    expect(((await signedIn.json()) as { mfaRequired: boolean }).mfaRequired).toBe(true);
    // Before the second factor, the client does not get a code: the sign-in is not done.
    const early = await runAuthorization(
      browser,
      (await authorizationRequest(rp.config, rp.redirectUri)).url,
      rp.redirectUri,
    );
    expect(early.callback).toBeUndefined();

    await usePasskey(
      browser,
      user.authenticator,
      '/api/auth/mfa/passkey/options',
      '/api/auth/mfa/passkey',
    );

    const tokens = await tokensFor(rp, browser);
    expect(tokens.claims()!.amr).toEqual(['pwd', 'hwk']);
    expect(tokens.claims()!.preferred_username).toBe(user.username);
  });

  it('a passkey sign-in without a password: the client gets amr hwk + user', async () => {
    const user = await passkeyUser();
    const rp = await relyingParty(sut, { requireMfa: true });
    const browser = new TestBrowser(sut.issuer);
    await usePasskey(
      browser,
      user.authenticator,
      '/api/auth/passkey/options',
      '/api/auth/passkey/login',
    );

    const tokens = await tokensFor(rp, browser);
    expect(tokens.claims()!.amr).toEqual(['hwk', 'user']);
    expect(tokens.claims()!.sub).toBe(user.id);
    // The refresh checks the rule again, with the amr of the sign-in: still admitted.
    const refreshed = await oidc.refreshTokenGrant(rp.config, tokens.refresh_token!);
    expect(refreshed.access_token).toBeTruthy();
  });

  it('the same account signed in with its password alone is sent to the MFA step, not admitted', async () => {
    const user = await passkeyUser();
    const rp = await relyingParty(sut, { requireMfa: true });
    // The account's own browser signed in before its passkey existed: a password-only session.
    const outcome = await runAuthorization(
      user.browser,
      (await authorizationRequest(rp.config, rp.redirectUri)).url,
      rp.redirectUri,
    );
    expect(outcome.callback?.searchParams.get('code') ?? null).toBeNull();
  });
});

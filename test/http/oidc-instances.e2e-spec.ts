import { randomBytes } from 'node:crypto';
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
import { freePort } from '../support/server-process';
import { createTestApp, type TestApp } from '../support/test-app';

const MFA_KEY = randomBytes(32).toString('base64');

describe('OpenID Connect on two instances sharing one database', () => {
  let a: OidcTestApp;
  let b: TestApp;
  let bBase: string;

  beforeAll(async () => {
    a = await startOidcApp({ MFA_ENCRYPTION_KEY: MFA_KEY });
    // The second replica: same issuer (PUBLIC_URL), same keys, another port.
    const port = await freePort();
    b = await createTestApp({ MFA_ENCRYPTION_KEY: MFA_KEY, PUBLIC_URL: a.issuer }, a.db);
    await b.app.listen(port, '127.0.0.1');
    bBase = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('answers alternate steps of one flow, as a load balancer would send them', async () => {
    const user = await activeUser(a);
    let turn = 0;
    const instances = () => [a.issuer, bBase];
    // Every request of the browser and of the relying party goes to the next instance in turn.
    const alternate = (url: string) => {
      const target = new URL(url);
      const base = new URL(instances()[turn++ % 2]);
      target.host = base.host;
      return target.href;
    };
    const rp = await relyingParty(a);
    rp.config[oidc.customFetch] = (url, options) => fetch(alternate(url), options);
    const browser = new TestBrowser(a.issuer);
    const originalGet = browser.get.bind(browser);
    const seen = new Set<string>();
    browser.get = (pathOrUrl, headers) => {
      const url = alternate(browser.url(pathOrUrl));
      seen.add(new URL(url).port);
      return originalGet(url, headers);
    };

    const request = await authorizationRequest(rp.config, rp.redirectUri);
    const outcome = await runAuthorization(browser, request.url, rp.redirectUri, user);
    expect(outcome.callback).toBeDefined();
    expect(seen.size).toBe(2);
    const tokens = await oidc.authorizationCodeGrant(rp.config, outcome.callback!, {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
    });
    const claims = tokens.claims()!;
    expect(claims.preferred_username).toBe(user.username);
    const info = await oidc.fetchUserInfo(rp.config, tokens.access_token, claims.sub);
    expect(info.sub).toBe(claims.sub);
    const refreshed = await oidc.refreshTokenGrant(rp.config, tokens.refresh_token!);
    const again = await oidc.refreshTokenGrant(rp.config, refreshed.refresh_token!);
    expect(again.access_token).toBeTruthy();
    // Both instances publish the same signing key.
    const [jwksA, jwksB] = await Promise.all(
      [a.issuer, bBase].map(async (base) => (await fetch(`${base}/oidc/jwks`)).json()),
    );
    expect(jwksA).toEqual(jwksB);
  });
});

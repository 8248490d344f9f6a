import { oidcRouteOf } from './oidc-provider.service';

describe('oidcRouteOf (the label of a provider request in the log and the metrics)', () => {
  it.each([
    ['/.well-known/openid-configuration', '/.well-known/openid-configuration'],
    ['/oidc/token', '/oidc/token'],
    ['/oidc/token/revocation', '/oidc/token/revocation'],
    ['/oidc/session/end/confirm', '/oidc/session/end/confirm'],
    ['/oidc/auth', '/oidc/auth'],
    ['/oidc/auth/7mBKwLq0Zx3', '/oidc/auth/:uid'],
    ['/oidc/reg/some-client', '/oidc/reg/:clientId'],
  ])('%s is %s', (path, label) => {
    expect(oidcRouteOf(path)).toBe(label);
  });

  it.each(['/oidc/nothing-here', '/oidc/auth/', '/oidc/auth/a/b', '/oidc/token/', '/oidc/ME'])(
    '%s, which no route takes, is one fixed label',
    (path) => {
      expect(oidcRouteOf(path)).toBe('/oidc/(unmatched)');
    },
  );
});

import { classifyRedirectUri } from './redirect-uris';

describe(classifyRedirectUri.name, () => {
  it.each([
    ['https://app.example/callback', 'web'],
    ['http://127.0.0.1/callback', 'loopback'],
    ['http://localhost:8080/cb', 'loopback'],
    ['http://[::1]/cb', 'loopback'],
    ['jp.example.desktop:/callback', 'custom-scheme'],
  ])('admits %s as %s', (uri, kind) => {
    expect(classifyRedirectUri(uri)).toEqual({ kind });
  });

  it.each([
    ['not a uri', 'is not an absolute URI'],
    ['/relative/callback', 'is not an absolute URI'],
    ['https://app.example/cb#fragment', 'must not have a fragment'],
    ['https://user:pw@app.example/cb', 'must not carry credentials'],
    ['http://app.example/cb', 'uses http to a host other than this machine (use https)'],
    ['http://127.0.0.1.evil.example/cb', 'uses http to a host other than this machine (use https)'],
    ['javascript:alert(1)', 'must not use javascript:'],
    ['data:text/html,hi', 'must not use data:'],
    ['file:///etc/passwd', 'must not use file:'],
    [
      'myapp:/callback',
      'uses a custom scheme without a dot (use reverse domain name, RFC 8252 §7.1)',
    ],
    [`https://app.example/${'a'.repeat(2000)}`, 'is longer than 2000 characters'],
  ])('refuses %s: %s', (uri, problem) => {
    expect(classifyRedirectUri(uri)).toEqual({ problem });
  });
});

/** Hosts that name this machine: plain http is allowed to them only (RFC 8252 §8.3). */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** Schemes a redirect must never use: they run or read something instead of reaching an app. */
const FORBIDDEN_SCHEMES = new Set([
  'javascript:',
  'data:',
  'vbscript:',
  'file:',
  'blob:',
  'about:',
]);

export type RedirectKind = 'web' | 'loopback' | 'custom-scheme';

/**
 * What a registered redirect URI is, or a reason it is refused: an absolute URI without fragment;
 * https to any host, http to this machine only, or a private-use scheme with a dot in it (RFC 8252
 * §7.1, such as `com.example.app:/callback`), which only a native (public) client may use.
 */
export function classifyRedirectUri(value: string): { kind: RedirectKind } | { problem: string } {
  if (value.length > 2000) return { problem: 'is longer than 2000 characters' };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: 'is not an absolute URI' };
  }
  if (value.includes('#')) return { problem: 'must not have a fragment' };
  if (url.username !== '' || url.password !== '') return { problem: 'must not carry credentials' };
  if (FORBIDDEN_SCHEMES.has(url.protocol)) return { problem: `must not use ${url.protocol}` };
  if (url.protocol === 'https:') return { kind: 'web' };
  if (url.protocol === 'http:') {
    return LOOPBACK_HOSTS.has(url.hostname)
      ? { kind: 'loopback' }
      : { problem: 'uses http to a host other than this machine (use https)' };
  }
  if (!/^[a-z][a-z0-9+.-]*\.[a-z0-9+.-]+:$/.test(url.protocol)) {
    return {
      problem: 'uses a custom scheme without a dot (use reverse domain name, RFC 8252 §7.1)',
    };
  }
  return { kind: 'custom-scheme' };
}

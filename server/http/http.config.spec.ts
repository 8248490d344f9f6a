import { ConfigError } from '../config/env';
import { readHttpConfig, readPublicUrl } from './http.config';

describe(readPublicUrl.name, () => {
  it('defaults to localhost on the port, for development', () => {
    expect(readHttpConfig({ PORT: '3100' }).publicUrl.href).toBe('http://localhost:3100/');
  });

  it('keeps an origin and a path prefix, without the trailing slash', () => {
    expect(readPublicUrl({ PUBLIC_URL: 'https://id.example.co.jp' }, 3000).origin).toBe(
      'https://id.example.co.jp',
    );
    expect(readPublicUrl({ PUBLIC_URL: 'https://example.co.jp/portal/' }, 3000).pathname).toBe(
      '/portal',
    );
  });

  it.each([
    ['id.example.co.jp', 'must be an absolute http(s) URL'],
    ['ftp://id.example.co.jp', 'must be an http(s) URL'],
    ['https://user:pw@id.example.co.jp', 'must have no user, password, query or fragment'],
    ['https://id.example.co.jp/?a=1', 'must have no user, password, query or fragment'],
    ['https://id.example.co.jp/#top', 'must have no user, password, query or fragment'],
  ])('refuses PUBLIC_URL=%s, naming it', (value, message) => {
    const read = () => readPublicUrl({ PUBLIC_URL: value }, 3000);

    expect(read).toThrow(ConfigError);
    expect(read).toThrow(`PUBLIC_URL ${message}`);
  });
});

describe('support pages of the usage settings', () => {
  it('default to SUPPORT_URL, and each may name its own page', () => {
    const config = readHttpConfig({
      SUPPORT_URL: 'https://support.example.co.jp/hc/ja/',
      SUPPORT_URL_PASSWORD: 'https://support.example.co.jp/hc/ja/articles/password',
    });
    expect(config.supportUrlMfa).toBe('https://support.example.co.jp/hc/ja/');
    expect(config.supportUrlPassword).toBe('https://support.example.co.jp/hc/ja/articles/password');
  });

  it('refuses a page that is not an http(s) URL, naming the variable', () => {
    expect(() => readHttpConfig({ SUPPORT_URL_MFA: 'javascript:alert(1)' })).toThrow(
      'SUPPORT_URL_MFA must be an http(s) URL',
    );
  });
});

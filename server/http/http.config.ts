import { registerAs } from '@nestjs/config';
import { ConfigError, envEnum, envInt, envOptionalString, envString } from '../config/env';

export type CookieSecureSetting = 'auto' | 'always' | 'never';

export interface HttpConfig {
  port: number;
  host: string;
  /** Express `trust proxy`: hops or addresses whose X-Forwarded-* headers are believed. */
  trustProxy: string | number | boolean;
  cookieSecure: CookieSecureSetting;
  productName: string;
  supportUrl: string;
  /** The support site's page on each function of 管理機能利用設定 (SUPPORT_URL when unset). */
  supportUrlMfa: string;
  supportUrlPassword: string;
  clientDir: string | undefined;
  /**
   * Where users' browsers and other applications reach this Tobira (PUBLIC_URL): the origin, and a
   * path prefix where a proxy mounts it, with no trailing slash. OpenID Connect's issuer and the
   * passkeys' relying party come from it.
   */
  publicUrl: URL;
}

/**
 * PUBLIC_URL, validated: an absolute http(s) URL with no credentials, query or fragment; the
 * default, for development, is http://localhost:PORT.
 */
export function readPublicUrl(env: Record<string, string | undefined>, port: number): URL {
  const given = envOptionalString(env, 'PUBLIC_URL');
  const text = given ?? `http://localhost:${port}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(
      `PUBLIC_URL must be an absolute http(s) URL, got ${JSON.stringify(text)}`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`PUBLIC_URL must be an http(s) URL, got ${JSON.stringify(text)}`);
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new ConfigError(
      `PUBLIC_URL must have no user, password, query or fragment, got ${JSON.stringify(text)}`,
    );
  }
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

function parseTrustProxy(value: string | undefined): string | number | boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

export function readHttpConfig(env: Record<string, string | undefined> = process.env): HttpConfig {
  const supportUrl = envString(
    env,
    'SUPPORT_URL',
    'https://github.com/tobira-portal/tobira#readme',
  );
  if (!/^https?:\/\//.test(supportUrl)) throw new ConfigError('SUPPORT_URL must be an http(s) URL');
  const pageOf = (name: string): string => {
    const url = envString(env, name, supportUrl);
    if (!/^https?:\/\//.test(url)) throw new ConfigError(`${name} must be an http(s) URL`);
    return url;
  };
  const port = envInt(env, 'PORT', 3000, 0, 65535);
  return {
    port,
    host: envString(env, 'HOST', '0.0.0.0'),
    trustProxy: parseTrustProxy(envOptionalString(env, 'TRUST_PROXY')),
    cookieSecure: envEnum(env, 'COOKIE_SECURE', ['auto', 'always', 'never'] as const, 'auto'),
    productName: envString(env, 'PRODUCT_NAME', 'Tobira'),
    supportUrl,
    supportUrlMfa: pageOf('SUPPORT_URL_MFA'),
    supportUrlPassword: pageOf('SUPPORT_URL_PASSWORD'),
    clientDir: envOptionalString(env, 'CLIENT_DIR'),
    publicUrl: readPublicUrl(env, port),
  };
}

export const httpConfig = registerAs('http', () => readHttpConfig());

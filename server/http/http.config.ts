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
  clientDir: string | undefined;
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
  return {
    port: envInt(env, 'PORT', 3000, 0, 65535),
    host: envString(env, 'HOST', '0.0.0.0'),
    trustProxy: parseTrustProxy(envOptionalString(env, 'TRUST_PROXY')),
    cookieSecure: envEnum(env, 'COOKIE_SECURE', ['auto', 'always', 'never'] as const, 'auto'),
    productName: envString(env, 'PRODUCT_NAME', 'Tobira'),
    supportUrl,
    clientDir: envOptionalString(env, 'CLIENT_DIR'),
  };
}

export const httpConfig = registerAs('http', () => readHttpConfig());

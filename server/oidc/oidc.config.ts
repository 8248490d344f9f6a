import { registerAs } from '@nestjs/config';
import { envInt } from '../config/env';

export interface OidcConfig {
  /** Access tokens (opaque; userinfo and introspection) and id_tokens live this long. */
  accessTokenSeconds: number;
  /** An authorization code must be exchanged within this. */
  codeSeconds: number;
  /** A refresh token (and its grant) lives this long unless used (rotation gives a new one). */
  refreshTokenSeconds: number;
}

export function readOidcConfig(env: Record<string, string | undefined> = process.env): OidcConfig {
  return {
    accessTokenSeconds: envInt(env, 'OIDC_ACCESS_TOKEN_SECONDS', 600, 60, 24 * 60 * 60),
    codeSeconds: envInt(env, 'OIDC_CODE_SECONDS', 60, 5, 600),
    refreshTokenSeconds: envInt(env, 'OIDC_REFRESH_TOKEN_DAYS', 30, 1, 365) * 24 * 60 * 60,
  };
}

export const oidcConfig = registerAs('oidc', () => readOidcConfig());

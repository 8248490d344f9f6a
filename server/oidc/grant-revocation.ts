import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  CredentialsRevoked,
  type CredentialsRevokedListener,
} from '../sessions/credentials-revoked';

// A revoked grant is remembered longer than any of its tokens can live.
const REMEMBERED = "interval '400 days'";
const TOKEN_MODELS = ['Grant', 'AuthorizationCode', 'AccessToken', 'RefreshToken'];

/**
 * Revokes the provider's grants (and so their codes, access and refresh tokens) of an account or
 * of a client, in the caller's transaction: they are deleted, and their grant ids remembered so
 * that a request of theirs still under way issues nothing (postgres-adapter.ts).
 */
export async function revokeGrants(
  manager: EntityManager,
  of: { accountId: string } | { clientId: string },
): Promise<void> {
  const [where, key, models] =
    'accountId' in of
      ? ['account_id = $1', of.accountId, [...TOKEN_MODELS, 'Session']]
      : ["payload ->> 'clientId' = $1", of.clientId, TOKEN_MODELS];
  await manager.query(
    `WITH gone AS (DELETE FROM oidc_payloads WHERE ${where} AND model = ANY($2::text[])
                   RETURNING grant_id)
     INSERT INTO oidc_revoked_grants (grant_id, expires_at)
     SELECT DISTINCT grant_id, now() + ${REMEMBERED} FROM gone WHERE grant_id IS NOT NULL
     ON CONFLICT (grant_id) DO NOTHING`,
    [key, models],
  );
}

/**
 * An account whose sign-ins are revoked (disabled, temporary password reissued, MFA reset, its
 * sessions ended) loses its grants at once, in the same transaction as that change: the sessions
 * module calls this listener (CredentialsRevoked), in the application and in the operator's CLI.
 */
@Injectable()
export class OidcGrantRevocation implements CredentialsRevokedListener, OnModuleInit {
  constructor(private readonly revoked: CredentialsRevoked) {}

  onModuleInit(): void {
    this.revoked.register(this);
  }

  credentialsRevoked(userId: string, manager: EntityManager): Promise<void> {
    return revokeGrants(manager, { accountId: userId });
  }
}

import type { Pool, PoolClient } from 'pg';
import type { OidcClient } from './oidc-clients.service';

/** What oidc-provider stores through an adapter (its `AdapterPayload`, loosely typed). */
export type Payload = Record<string, unknown> & {
  grantId?: string;
  uid?: string;
  userCode?: string;
  accountId?: string;
  consumed?: number;
};

/**
 * What the provider makes (and what a client could send back): printable ASCII. Anything else
 * is no value of ours, and PostgreSQL would refuse a NUL in text.
 */
const SANE_ID = /^[\x21-\x7e]{1,255}$/;

/** Tokens that a revoked grant must never get again, even from a request already under way. */
const GRANT_BOUND = new Set(['AuthorizationCode', 'AccessToken', 'RefreshToken']);

/** How long a revoked grant is remembered: longer than anything issued under it can live. */
export const REVOKED_GRANT_KEEP_SECONDS = 400 * 24 * 60 * 60;

export interface AdapterDependencies {
  pool: Pool;
  /** The registered client as provider metadata, or undefined (unknown or disabled). */
  clientMetadata(clientId: string): Promise<Record<string, unknown> | undefined>;
  /** An OIDC `invalid_grant` error (oidc-provider's), thrown when a grant was revoked. */
  invalidGrant(description: string): Error;
}

async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Serializes the writes of one grant: its revocation against tokens being issued under it. */
const lockGrant = (client: PoolClient, grantId: string) =>
  client.query(`SELECT pg_advisory_xact_lock(hashtext('oidc-grant'), hashtext($1))`, [grantId]);

async function revokeGrant(client: PoolClient, grantId: string): Promise<void> {
  await lockGrant(client, grantId);
  await client.query(
    `INSERT INTO oidc_revoked_grants (grant_id, expires_at)
     VALUES ($1, now() + make_interval(secs => $2))
     ON CONFLICT (grant_id) DO NOTHING`,
    [grantId, REVOKED_GRANT_KEEP_SECONDS],
  );
  await client.query('DELETE FROM oidc_payloads WHERE grant_id = $1', [grantId]);
}

/**
 * oidc-provider's storage in PostgreSQL (table `oidc_payloads`), so that any instance answers any
 * step of a flow. Two things oidc-provider leaves to the adapter are made safe here:
 * - `consume` is a conditional update: of two requests with one code (or one refresh token) only
 *   one consumes it; the other revokes the grant (RFC 6749 §4.1.2, §10.4) and is refused;
 * - a token is stored only while its grant is not revoked, under a lock the revocation also takes:
 *   a request that consumed a code just before its second use cannot store tokens after the
 *   revocation ran.
 * Clients come from `oidc_clients` (see OidcClientsService), never from this table.
 */
export class PostgresAdapter {
  constructor(
    private readonly model: string,
    private readonly deps: AdapterDependencies,
  ) {}

  async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
    if (this.model === 'Client') throw new Error('clients are registered with the CLI');
    const values = [
      this.model,
      id,
      JSON.stringify(payload),
      payload.grantId ?? null,
      payload.uid ?? null,
      payload.userCode ?? null,
      payload.accountId ?? null,
      expiresIn ? expiresIn : null,
    ];
    const sql = `INSERT INTO oidc_payloads (model, id, payload, grant_id, uid, user_code, account_id, expires_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(secs => $8::double precision))
                 ON CONFLICT (model, id) DO UPDATE
                   SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id, uid = EXCLUDED.uid,
                       user_code = EXCLUDED.user_code, account_id = EXCLUDED.account_id,
                       expires_at = EXCLUDED.expires_at`;
    const grantId = payload.grantId;
    if (!grantId || !GRANT_BOUND.has(this.model)) {
      await this.deps.pool.query(sql, values);
      return;
    }
    await inTransaction(this.deps.pool, async (client) => {
      await lockGrant(client, grantId);
      const revoked = await client.query('SELECT 1 FROM oidc_revoked_grants WHERE grant_id = $1', [
        grantId,
      ]);
      if (revoked.rowCount) throw this.deps.invalidGrant('grant request is invalid (revoked)');
      await client.query(sql, values);
    });
  }

  async find(id: string): Promise<Payload | undefined> {
    if (!SANE_ID.test(id)) return undefined;
    if (this.model === 'Client') return this.deps.clientMetadata(id);
    const { rows } = await this.deps.pool.query<{ payload: Payload; consumed: number | null }>(
      `SELECT payload, floor(extract(epoch FROM consumed_at))::float8 AS consumed
         FROM oidc_payloads WHERE model = $1 AND id = $2`,
      [this.model, id],
    );
    const row = rows[0];
    if (!row) return undefined;
    return row.consumed === null ? row.payload : { ...row.payload, consumed: row.consumed };
  }

  private async findBy(column: 'uid' | 'user_code', value: string): Promise<Payload | undefined> {
    if (!SANE_ID.test(value)) return undefined;
    const { rows } = await this.deps.pool.query<{ payload: Payload; consumed: number | null }>(
      `SELECT payload, floor(extract(epoch FROM consumed_at))::float8 AS consumed
         FROM oidc_payloads WHERE model = $1 AND ${column} = $2`,
      [this.model, value],
    );
    const row = rows[0];
    if (!row) return undefined;
    return row.consumed === null ? row.payload : { ...row.payload, consumed: row.consumed };
  }

  findByUid(uid: string): Promise<Payload | undefined> {
    return this.findBy('uid', uid);
  }

  findByUserCode(userCode: string): Promise<Payload | undefined> {
    return this.findBy('user_code', userCode);
  }

  async consume(id: string): Promise<void> {
    const { rows } = await this.deps.pool.query<{ grant_id: string | null; consumed: boolean }>(
      `WITH target AS (SELECT grant_id FROM oidc_payloads WHERE model = $1 AND id = $2),
            taken AS (UPDATE oidc_payloads SET consumed_at = now()
                       WHERE model = $1 AND id = $2 AND consumed_at IS NULL RETURNING 1)
       SELECT (SELECT grant_id FROM target) AS grant_id, EXISTS (SELECT 1 FROM taken) AS consumed`,
      [this.model, id],
    );
    if (rows[0].consumed) return;
    // Used twice at once: the other request consumed it first. Neither may keep what it got.
    const grantId = rows[0].grant_id;
    if (grantId) await inTransaction(this.deps.pool, (client) => revokeGrant(client, grantId));
    throw this.deps.invalidGrant(`${this.model} already consumed`);
  }

  async destroy(id: string): Promise<void> {
    await this.deps.pool.query('DELETE FROM oidc_payloads WHERE model = $1 AND id = $2', [
      this.model,
      id,
    ]);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await inTransaction(this.deps.pool, (client) => revokeGrant(client, grantId));
  }
}

/** Deletes what has expired, in batches; answers how many rows went. */
export async function purgeExpiredPayloads(pool: Pool, batchSize = 5000): Promise<number> {
  let deleted = 0;
  for (;;) {
    const { rowCount } = await pool.query(
      `DELETE FROM oidc_payloads WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM oidc_payloads WHERE expires_at < now()
          LIMIT $1 FOR UPDATE SKIP LOCKED))`,
      [batchSize],
    );
    const revoked = await pool.query('DELETE FROM oidc_revoked_grants WHERE expires_at < now()');
    deleted += (rowCount ?? 0) + (revoked.rowCount ?? 0);
    if ((rowCount ?? 0) < batchSize) return deleted;
  }
}

/** The provider's metadata of a registered client (RFC 7591 names). */
export function clientMetadata(client: OidcClient & { secretHash: Buffer | null }) {
  return {
    client_id: client.clientId,
    client_name: client.name,
    // Only the hash is stored; compareClientSecret (see oidc-provider.service.ts) hashes the
    // secret presented. Nothing else may use it: no HS256, no client_secret_jwt (not enabled).
    ...(client.secretHash ? { client_secret: client.secretHash.toString('hex') } : {}),
    token_endpoint_auth_method: client.authMethod,
    application_type: client.native ? 'native' : 'web',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris,
    id_token_signed_response_alg: 'RS256',
    tobira_organization_id: client.organizationId,
    tobira_consent: client.consent,
    tobira_require_mfa: client.requireMfa,
  };
}

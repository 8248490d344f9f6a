import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { mfaConfig } from '../mfa/mfa.config';
import { deriveKey, SecretBox } from '../mfa/secret-box';
import { SecurityEvents } from '../security-events/security-events.service';

/** A private signing key as a JWK (RS256). */
export type PrivateJwk = Record<string, unknown> & { kid: string; alg: 'RS256'; use: 'sig' };

/** How long a retired key stays published: longer than any token signed with it can be valid. */
export const RETIRED_KEY_PUBLISHED_MS = 24 * 60 * 60 * 1000;

function newKey(): PrivateJwk {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    ...(privateKey.export({ format: 'jwk' }) as Record<string, unknown>),
    kid: randomBytes(12).toString('base64url'),
    alg: 'RS256',
    use: 'sig',
  };
}

/**
 * The provider's signing keys, in PostgreSQL so that every instance signs and publishes the same
 * ones, sealed with AES-256-GCM under a key derived from MFA_ENCRYPTION_KEY (as the TOTP secrets
 * are; the key id is the row's, so a sealed key cannot be moved to another row).
 */
@Injectable()
export class SigningKeysService {
  private readonly box: SecretBox;
  private readonly logger = new Logger('OidcSigningKeys');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(mfaConfig.KEY) mfa: ConfigType<typeof mfaConfig>,
    private readonly events: SecurityEvents,
  ) {
    this.box = new SecretBox(deriveKey(mfa.encryptionKey, 'oidc-signing-key'));
  }

  private async insert(manager: EntityManager, retireOthers: boolean): Promise<PrivateJwk> {
    const key = newKey();
    if (retireOthers) {
      await manager.query(
        'UPDATE oidc_signing_keys SET retired_at = now() WHERE retired_at IS NULL',
      );
    }
    await manager.query('INSERT INTO oidc_signing_keys (kid, sealed_jwk) VALUES ($1, $2)', [
      key.kid,
      this.box.seal(Buffer.from(JSON.stringify(key), 'utf8'), `oidc-signing-key:${key.kid}`),
    ]);
    return key;
  }

  /**
   * The keys to publish, the one to sign with first. Makes the first key when there is none; two
   * instances starting at once make one between them (an advisory lock orders them).
   */
  async current(): Promise<PrivateJwk[]> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('oidc_signing_keys'))`);
      const rows: { kid: string; sealed_jwk: string }[] = await manager.query(
        `SELECT kid, sealed_jwk FROM oidc_signing_keys
          WHERE retired_at IS NULL OR retired_at > now() - make_interval(secs => $1)
          ORDER BY retired_at DESC NULLS FIRST, created_at DESC`,
        [RETIRED_KEY_PUBLISHED_MS / 1000],
      );
      const keys: PrivateJwk[] = [];
      for (const row of rows) {
        const key = this.openKey(row);
        if (key) keys.push(key);
      }
      if (keys.length > 0) return keys;
      // None (the first start), or none that opens: MFA_ENCRYPTION_KEY was replaced. A new key
      // signs from now on; the ones that cannot be read are retired, as a rotation would.
      return [await this.insert(manager, rows.length > 0)];
    });
  }

  /** A stored key, or null (logged) where it was sealed under another MFA_ENCRYPTION_KEY. */
  private openKey(row: { kid: string; sealed_jwk: string }): PrivateJwk | null {
    try {
      return JSON.parse(
        this.box.open(row.sealed_jwk, `oidc-signing-key:${row.kid}`).toString('utf8'),
      ) as PrivateJwk;
    } catch (error) {
      this.logger.warn({
        msg: 'an OpenID Connect signing key cannot be opened with MFA_ENCRYPTION_KEY; it is not used',
        kid: row.kid,
        reason: error instanceof Error ? error.message : String(error),
      });
      return null;
    }
  }

  /**
   * A new signing key; the old ones stay published for RETIRED_KEY_PUBLISHED_MS, so tokens they
   * signed still verify. Instances pick it up within a minute (see OidcProviderService).
   */
  async rotate(): Promise<{ kid: string; published: string[] }> {
    const kid = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('oidc_signing_keys'))`);
      const key = await this.insert(manager, true);
      await this.events.emit(
        { kind: 'oidc.signing_key_rotated', actor: { kind: 'operator' }, detail: { kid: key.kid } },
        manager,
      );
      return key.kid;
    });
    return { kid, published: (await this.current()).map((key) => key.kid) };
  }

  /** A fingerprint of the published set, to notice a rotation made by another process. */
  async version(): Promise<string> {
    const rows: { v: string | null }[] = await this.dataSource.query(
      `SELECT string_agg(kid || ':' || coalesce(retired_at::text, ''), ',' ORDER BY kid) AS v
         FROM oidc_signing_keys
        WHERE retired_at IS NULL OR retired_at > now() - make_interval(secs => $1)`,
      [RETIRED_KEY_PUBLISHED_MS / 1000],
    );
    return rows[0]?.v ?? '';
  }
}

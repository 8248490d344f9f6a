import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SecurityEvents } from '../security-events/security-events.service';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { revokeGrants } from './grant-revocation';
import { OidcClientsError } from './oidc-clients.errors';
import { classifyRedirectUri } from './redirect-uris';

/** A registered relying party, as the provider and the CLI see it (never its secret). */
export interface OidcClient {
  clientId: string;
  name: string;
  /** Confidential clients authenticate with a secret; public ones (apps, SPAs) with PKCE alone. */
  confidential: boolean;
  /** How the client authenticates at the token endpoint (`none` for a public client). */
  authMethod: ClientAuthMethod;
  /** Native apps: loopback redirects on any port, custom schemes (RFC 8252). */
  native: boolean;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** Bound to one contract: only its accounts may sign in. */
  organizationId: string | null;
  consent: boolean;
  requireMfa: boolean;
  disabled: boolean;
  createdAt: string;
}

/** A client as the operator's list shows it: with its contract's name. */
export interface ListedOidcClient extends OidcClient {
  organizationName: string | null;
}

export const CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post'] as const;
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number] | 'none';

export interface CreateClientInput {
  name: string;
  /** For a confidential client; default client_secret_basic. */
  authMethod?: (typeof CLIENT_AUTH_METHODS)[number];
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  public: boolean;
  /** The contract's id (or its name). */
  contract?: string;
  consent: boolean;
  requireMfa: boolean;
}

interface ClientRow {
  client_id: string;
  name: string;
  secret_hash: Buffer | null;
  auth_method: ClientAuthMethod;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  organization_id: string | null;
  consent: boolean;
  require_mfa: boolean;
  disabled: boolean;
  created_at: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Client secrets are 256 random bits: a plain SHA-256 is enough to keep a leaked table useless. */
/**
 * A new client id: 128 random bits in hex. Not base64url: one id in 64 would start with "-",
 * which the CLI (`--client <id>`, as operators copy it) cannot take as a value, and ids are
 * typed and compared by people, so one case and no punctuation.
 */
export function newClientId(): string {
  return randomBytes(16).toString('hex');
}

export function hashClientSecret(secret: string): Buffer {
  return hash('sha256', secret, 'buffer');
}

function isNative(redirectUris: string[], confidential: boolean): boolean {
  if (confidential) return false;
  return redirectUris.some((uri) => {
    const kind = classifyRedirectUri(uri);
    return 'kind' in kind && kind.kind !== 'web';
  });
}

const SELECT = `SELECT c.client_id, c.name, c.secret_hash, c.auth_method, c.redirect_uris, c.post_logout_redirect_uris,
                       c.organization_id, c.consent, c.require_mfa,
                       c.disabled, c.created_at
                  FROM oidc_clients c`;

/** All SQL of `oidc_clients`: the operator's commands and the provider's look-ups. */
@Injectable()
export class OidcClientsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: SecurityEvents,
    private readonly organizations: OrganizationsRepository,
  ) {}

  private toClient(row: ClientRow): OidcClient {
    const confidential = row.secret_hash !== null;
    return {
      clientId: row.client_id,
      name: row.name,
      confidential,
      authMethod: row.auth_method,
      native: isNative(row.redirect_uris, confidential),
      redirectUris: row.redirect_uris,
      postLogoutRedirectUris: row.post_logout_redirect_uris,
      organizationId: row.organization_id,
      consent: row.consent,
      requireMfa: row.require_mfa,
      disabled: row.disabled,
      createdAt: row.created_at.toISOString(),
    };
  }

  private checkUris(uris: string[], label: string, confidential: boolean): void {
    for (const uri of uris) {
      const result = classifyRedirectUri(uri);
      if ('problem' in result) {
        throw new OidcClientsError(
          'CLIENT_INVALID',
          `${label} ${JSON.stringify(uri)} ${result.problem}`,
        );
      }
      if (result.kind === 'custom-scheme' && confidential) {
        throw new OidcClientsError(
          'CLIENT_INVALID',
          `${label} ${JSON.stringify(uri)}: custom schemes are for native apps, which are public clients (--public)`,
        );
      }
    }
  }

  /** Registers a client; answers its id and, for a confidential client, its secret (shown once). */
  async create(input: CreateClientInput): Promise<{ clientId: string; clientSecret?: string }> {
    const name = input.name.trim();
    if (
      name.length === 0 ||
      name.length > 128 ||
      [...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)
    ) {
      throw new OidcClientsError('CLIENT_INVALID', '--name must be 1 to 128 printable characters');
    }
    if (input.redirectUris.length === 0) {
      throw new OidcClientsError('CLIENT_INVALID', 'at least one --redirect-uri is required');
    }
    const confidential = !input.public;
    this.checkUris(input.redirectUris, '--redirect-uri', confidential);
    const logoutUris = input.postLogoutRedirectUris ?? [];
    this.checkUris(logoutUris, '--post-logout-redirect-uri', confidential);
    const organizationId = input.contract ? await this.contractId(input.contract) : null;
    const clientId = newClientId();
    const clientSecret = confidential ? randomBytes(32).toString('base64url') : undefined;
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.query(
          `INSERT INTO oidc_clients (client_id, name, secret_hash, auth_method, redirect_uris,
                                     post_logout_redirect_uris, organization_id, consent, require_mfa)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            clientId,
            name,
            clientSecret ? hashClientSecret(clientSecret) : null,
            confidential ? (input.authMethod ?? 'client_secret_basic') : 'none',
            [...new Set(input.redirectUris)],
            [...new Set(logoutUris)],
            organizationId,
            input.consent,
            input.requireMfa,
          ],
        );
        await this.events.emit(
          {
            kind: 'oidc.client_created',
            actor: { kind: 'operator' },
            organizationId,
            detail: { clientId, client: name, confidential, requireMfa: input.requireMfa },
          },
          manager,
        );
      });
    } catch (error) {
      if ((error as { code?: string }).code === '23505') {
        throw new OidcClientsError(
          'CLIENT_NAME_TAKEN',
          `a client named ${JSON.stringify(name)} exists`,
        );
      }
      throw error;
    }
    return clientSecret ? { clientId, clientSecret } : { clientId };
  }

  private async contractId(contract: string): Promise<string> {
    const found = UUID.test(contract)
      ? await this.organizations.findById(contract)
      : await this.organizations.findByName(contract);
    if (!found) {
      throw new OidcClientsError('CONTRACT_NOT_FOUND', `no contract ${JSON.stringify(contract)}`);
    }
    return found.id;
  }

  async list(organizationId?: string): Promise<ListedOidcClient[]> {
    const rows: ClientRow[] = await this.dataSource.query(
      organizationId
        ? `${SELECT} WHERE c.organization_id = $1 ORDER BY lower(c.name)`
        : `${SELECT} ORDER BY lower(c.name)`,
      organizationId ? [organizationId] : [],
    );
    const names = await this.organizations.namesOf(
      rows.flatMap((row) => (row.organization_id ? [row.organization_id] : [])),
    );
    return rows.map((row) => ({
      ...this.toClient(row),
      organizationName: row.organization_id ? (names.get(row.organization_id) ?? null) : null,
    }));
  }

  /** The client by id, disabled ones included; null when there is none. */
  async find(clientId: string): Promise<(OidcClient & { secretHash: Buffer | null }) | null> {
    if (clientId.length > 64) return null;
    const rows: ClientRow[] = await this.dataSource.query(`${SELECT} WHERE c.client_id = $1`, [
      clientId,
    ]);
    return rows[0] ? { ...this.toClient(rows[0]), secretHash: rows[0].secret_hash } : null;
  }

  private async byIdOrName(idOrName: string): Promise<OidcClient> {
    const rows: ClientRow[] = await this.dataSource.query(
      `${SELECT} WHERE c.client_id = $1 OR lower(c.name) = lower($1)`,
      [idOrName],
    );
    if (rows.length !== 1) {
      throw new OidcClientsError('CLIENT_NOT_FOUND', `no client ${JSON.stringify(idOrName)}`);
    }
    return this.toClient(rows[0]);
  }

  /** A new secret for a confidential client; the old one stops working at once. */
  async rotateSecret(idOrName: string): Promise<{ clientId: string; clientSecret: string }> {
    const client = await this.byIdOrName(idOrName);
    if (!client.confidential) {
      throw new OidcClientsError(
        'CLIENT_INVALID',
        `${client.name} is a public client: it has no secret`,
      );
    }
    const clientSecret = randomBytes(32).toString('base64url');
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        'UPDATE oidc_clients SET secret_hash = $2, updated_at = now() WHERE client_id = $1',
        [client.clientId, hashClientSecret(clientSecret)],
      );
      await this.events.emit(
        {
          kind: 'oidc.client_secret_rotated',
          actor: { kind: 'operator' },
          organizationId: client.organizationId,
          detail: { clientId: client.clientId, client: client.name },
        },
        manager,
      );
    });
    return { clientId: client.clientId, clientSecret };
  }

  /**
   * Disables a client: it can no longer authenticate or be sent to, and every token and grant
   * issued to it is revoked at once.
   */
  async disable(idOrName: string): Promise<OidcClient> {
    const client = await this.byIdOrName(idOrName);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        'UPDATE oidc_clients SET disabled = true, updated_at = now() WHERE client_id = $1',
        [client.clientId],
      );
      await revokeGrants(manager, { clientId: client.clientId });
      await this.events.emit(
        {
          kind: 'oidc.client_disabled',
          actor: { kind: 'operator' },
          organizationId: client.organizationId,
          detail: { clientId: client.clientId, client: client.name },
        },
        manager,
      );
    });
    return { ...client, disabled: true };
  }

  /** Whether `secret` is the client's; constant time. */
  static secretMatches(secretHash: Buffer | null, secret: string): boolean {
    if (!secretHash) return false;
    return timingSafeEqual(secretHash, hashClientSecret(secret));
  }
}

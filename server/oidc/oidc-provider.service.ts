import { timingSafeEqual } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import Provider, {
  errors,
  interactionPolicy,
  type Configuration,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import { DataSource } from 'typeorm';
import { SessionCookie } from '../sessions/session-cookie';
import { SessionsService } from '../sessions/sessions.service';
import { pgPool } from '../database/pg-pool';
import type { ObservedRequest } from '../logging/request-context';
import { parseCookieHeader } from '../http/cookies';
import { PeriodicTask } from '../database/periodic-task';
import { httpConfig } from '../http/http.config';
import { mfaConfig } from '../mfa/mfa.config';
import { deriveKey } from '../mfa/secret-box';
import type { SecurityEvent, SecurityEventKind } from '../security-events/security-event';
import { SecurityEvents } from '../security-events/security-events.service';
import { hashClientSecret, OidcClientsService } from './oidc-clients.service';
import { OidcAccountsService, type ClientRules } from './oidc-accounts.service';
import { oidcConfig } from './oidc.config';
import { clientMetadata, PostgresAdapter, purgeExpiredPayloads } from './postgres-adapter';
import { errorPage, logoutPage, loggedOutPage } from './provider-pages';
import { SigningKeysService } from './signing-keys.service';

/** Where the provider's endpoints live, under PUBLIC_URL. Discovery is at the issuer's root. */
export const OIDC_PREFIX = '/oidc';
const DISCOVERY = '/.well-known/openid-configuration';
export const INTERACTION_PATH = '/api/oidc/interaction';

const ROUTES = {
  authorization: `${OIDC_PREFIX}/auth`,
  token: `${OIDC_PREFIX}/token`,
  userinfo: `${OIDC_PREFIX}/me`,
  jwks: `${OIDC_PREFIX}/jwks`,
  end_session: `${OIDC_PREFIX}/session/end`,
  revocation: `${OIDC_PREFIX}/token/revocation`,
  introspection: `${OIDC_PREFIX}/token/introspection`,
  backchannel_authentication: `${OIDC_PREFIX}/backchannel`,
  code_verification: `${OIDC_PREFIX}/device`,
  device_authorization: `${OIDC_PREFIX}/device/auth`,
  pushed_authorization_request: `${OIDC_PREFIX}/request`,
  registration: `${OIDC_PREFIX}/reg`,
  challenge: `${OIDC_PREFIX}/challenge`,
  credential: `${OIDC_PREFIX}/credential`,
};

const EXACT_ROUTES = new Set([
  DISCOVERY,
  ...Object.values(ROUTES),
  `${ROUTES.end_session}/confirm`,
  `${ROUTES.end_session}/success`,
]);
/** The provider's routes that end in an id: the authorization's resume step, a registered client. */
const ROUTES_WITH_ID: [prefix: string, pattern: string][] = [
  [`${ROUTES.authorization}/`, `${ROUTES.authorization}/:uid`],
  [`${ROUTES.registration}/`, `${ROUTES.registration}/:clientId`],
];

/**
 * The provider's route that `path` is, as a pattern (`/oidc/auth/:uid`, never the uid): what the
 * request log and the HTTP metrics label it with, so that the labels stay few whatever is asked.
 */
export function oidcRouteOf(path: string): string {
  if (EXACT_ROUTES.has(path)) return path;
  for (const [prefix, pattern] of ROUTES_WITH_ID) {
    if (
      path.startsWith(prefix) &&
      path.length > prefix.length &&
      !path.includes('/', prefix.length)
    )
      return pattern;
  }
  return `${OIDC_PREFIX}/(unmatched)`;
}

type ClientLike = { clientId: string; clientName?: string; [key: string]: unknown };

/** The client rules carried in its metadata (see clientMetadata). */
export function rulesOf(client: ClientLike | undefined): ClientRules & { consent: boolean } {
  return {
    organizationId: (client?.['tobira_organization_id'] as string | null | undefined) ?? null,
    requireMfa: client?.['tobira_require_mfa'] === true,
    consent: client?.['tobira_consent'] === true,
  };
}

/**
 * The OpenID Connect provider (oidc-provider, OpenID Certified), with the issuer PUBLIC_URL. Its
 * state is in PostgreSQL (see PostgresAdapter) and its keys too (SigningKeysService), so that any
 * instance answers any step. Tobira's own screens are its interaction (see
 * OidcInteractionController); a portal session is single sign-on.
 */
@Injectable()
export class OidcProviderService
  implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger('Oidc');
  private current?: { provider: Provider; callback: ReturnType<Provider['callback']> };
  private keysVersion = '';
  private readonly upkeep: PeriodicTask;
  private readonly keyWatch: PeriodicTask;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(httpConfig.KEY) private readonly http: ConfigType<typeof httpConfig>,
    @Inject(mfaConfig.KEY) private readonly mfa: ConfigType<typeof mfaConfig>,
    @Inject(oidcConfig.KEY) private readonly config: ConfigType<typeof oidcConfig>,
    private readonly keys: SigningKeysService,
    private readonly clients: OidcClientsService,
    private readonly accounts: OidcAccountsService,
    private readonly events: SecurityEvents,
    private readonly sessions: SessionsService,
    private readonly cookie: SessionCookie,
  ) {
    this.upkeep = new PeriodicTask(
      'oidc upkeep',
      15 * 60_000,
      async () => {
        const deleted = await purgeExpiredPayloads(pgPool(this.dataSource));
        return deleted > 0 ? { deleted } : null;
      },
      this.logger,
    );
    // A key rotated by the CLI (or another instance) is published and used within a minute.
    this.keyWatch = new PeriodicTask(
      'oidc signing keys',
      60_000,
      async () => {
        if ((await this.keys.version()) === this.keysVersion) return null;
        await this.build();
        return { reloaded: 1 };
      },
      this.logger,
    );
  }

  async onModuleInit(): Promise<void> {
    await this.build();
    this.upkeep.start();
    this.keyWatch.start();
  }

  /** Audit records still being written finish before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.upkeep.stop(), this.keyWatch.stop()]);
  }

  /** Builds the provider again with the keys in the database now (after a rotation). */
  async reloadKeys(): Promise<void> {
    await this.build();
  }

  get provider(): Provider {
    if (!this.current) throw new Error('the OpenID Connect provider is not started');
    return this.current.provider;
  }

  get issuer(): string {
    return this.http.publicUrl.href.replace(/\/$/, '');
  }

  /** PUBLIC_URL's path, for the client's own pages (/login, /connect/consent/…). */
  get basePathForClient(): string {
    return this.basePath;
  }

  private get basePath(): string {
    return this.http.publicUrl.pathname.replace(/\/$/, '');
  }

  /**
   * Express middleware for the provider's routes, mounted before the API's own middleware (its
   * token endpoint takes forms, authenticates clients rather than browsers, and has no XSRF).
   * The request is seen as addressed to PUBLIC_URL, so that every URL the provider writes is
   * under the issuer whatever proxy is in front. Its route is labelled for the request log and
   * the metrics (oidcRouteOf), and the provider runs inside `enter` (the request's log context).
   */
  middleware(enter: RequestHandler = (_req, _res, next) => next()): RequestHandler {
    const publicUrl = this.http.publicUrl;
    return (req: Request, res: Response, next: NextFunction) => {
      const path = req.path;
      if (path !== DISCOVERY && !path.startsWith(`${OIDC_PREFIX}/`)) {
        next();
        return;
      }
      const current = this.current;
      if (!current) {
        next();
        return;
      }
      // Express has worked out the client's address (TRUST_PROXY); the provider trusts the
      // forwarded headers set here instead, so they must not come from the client.
      (req as Request & { tobiraIp?: string }).tobiraIp = req.ip;
      req.headers['x-forwarded-proto'] = publicUrl.protocol.slice(0, -1);
      req.headers['x-forwarded-host'] = publicUrl.host;
      delete req.headers['x-forwarded-for'];
      req.originalUrl = `${this.basePath}${req.url}`;
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Referrer-Policy', 'no-referrer');
      res.setHeader('Cache-Control', 'no-store');
      (req as ObservedRequest).routeLabel = oidcRouteOf(path);
      void enter(req, res, () => void current.callback(req, res));
    };
  }

  private async build(): Promise<void> {
    this.keysVersion = await this.keys.version();
    const keys = await this.keys.current();
    this.keysVersion = await this.keys.version();
    const provider = new Provider(this.issuer, this.configuration(keys));
    provider.proxy = true;
    // Only the SHA-256 of a client's secret is stored (and given to the provider as its
    // "client_secret"): the secret presented is hashed and compared in constant time.
    provider.Client.prototype.compareClientSecret = function (
      this: { clientSecret?: string },
      actual: string,
    ) {
      if (!this.clientSecret) return false;
      const expected = Buffer.from(this.clientSecret, 'hex');
      const presented = hashClientSecret(actual);
      return expected.length === presented.length && timingSafeEqual(expected, presented);
    };
    this.listen(provider);
    provider.use(async (koa, next) => {
      await next();
      const ctx = koa as unknown as KoaContextWithOIDC;
      // RP-initiated logout, confirmed ("sign me out"): single sign-on ends with the portal session.
      if (
        ctx.oidc?.route === 'end_session_confirm' &&
        ctx.status === 303 &&
        ctx.oidc.params?.logout
      ) {
        await this.endPortalSession(ctx);
      }
    });
    this.current = { provider, callback: provider.callback() };
  }

  private configuration(keys: Record<string, unknown>[]): Configuration {
    const { Check } = interactionPolicy;
    const policy = interactionPolicy.base();
    const login = policy.get('login')!;
    // Native apps are first-party too (the service's desktop client): no consent screen unless
    // registered with --consent (loadExistingGrant), as for web apps.
    policy.get('consent')!.checks.remove('native_client_prompt');
    // The portal session behind single sign-on must still be alive, and the client's rules met.
    login.checks.add(
      new Check(
        'portal_session',
        'End-User authentication is required',
        'login_required',
        async (ctx) => {
          const session = ctx.oidc.session;
          const interaction = ctx.oidc.entities.Interaction;
          if (ctx.oidc.result?.login && session && interaction) {
            // Just signed in through the interaction, which checked everything.
            await this.accounts.linkSession(session.uid, interaction.uid);
            return Check.NO_NEED_TO_PROMPT;
          }
          const accountId = session?.accountId;
          if (!session || !accountId) return Check.REQUEST_PROMPT;
          const alive = await this.accounts.portalSessionAlive(accountId, session.uid);
          if (!alive) return Check.REQUEST_PROMPT;
          const rules = rulesOf(ctx.oidc.client);
          const amr = session.amr ?? [];
          const account = await this.accounts.find(accountId);
          const refusal = account ? await this.accounts.refusal(account, rules, amr) : 'disabled';
          // A refusal the user cannot fix by signing in again is the interaction's to answer.
          return refusal === null ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT;
        },
      ),
      0,
    );

    const accounts = this.accounts;
    return {
      adapter: (model: string) =>
        new PostgresAdapter(model, {
          pool: pgPool(this.dataSource),
          clientMetadata: async (clientId) => {
            const client = await this.clients.find(clientId);
            if (!client || client.disabled) return undefined;
            return clientMetadata(client);
          },
          invalidGrant: (description) => new errors.InvalidGrant(description),
        }),
      clients: [],
      async findAccount(ctx, sub, token) {
        const account = await accounts.find(sub);
        if (!account) return undefined;
        if (token) {
          // Every token: the account must still be one that could sign in to the portal.
          const rules = rulesOf(ctx.oidc.client);
          const amr = 'amr' in token ? token.amr : undefined;
          const isAccessToken = token.kind === 'AccessToken';
          if (await accounts.refusal(account, rules, isAccessToken ? undefined : (amr ?? []))) {
            return undefined;
          }
        }
        return {
          accountId: account.id,
          claims: () => ({
            sub: account.id,
            preferred_username: account.username,
            contract: { id: account.organizationId, name: account.organizationName },
          }),
        };
      },
      claims: {
        acr: null,
        amr: null,
        auth_time: null,
        sid: null,
        iss: null,
        // amr and auth_time in every id_token, not only when a client asks for them.
        openid: ['sub', 'preferred_username', 'contract', 'amr', 'auth_time'],
        profile: ['preferred_username'],
      },
      scopes: ['openid', 'profile', 'offline_access'],
      conformIdTokenClaims: false,
      cookies: {
        keys: [deriveKey(this.mfa.encryptionKey, 'oidc-cookies')],
        long: { httpOnly: true, sameSite: 'lax', signed: true },
        short: { httpOnly: true, sameSite: 'lax', signed: true },
      },
      features: {
        devInteractions: { enabled: false },
        // A client may ask about, and revoke, only the tokens issued to itself.
        introspection: {
          enabled: true,
          allowedPolicy: (ctx, client, token) => token.clientId === client.clientId,
        },
        revocation: {
          enabled: true,
          allowedPolicy: (ctx, client, token) => token.clientId === client.clientId,
        },
        userinfo: { enabled: true },
        rpInitiatedLogout: {
          enabled: true,
          logoutSource: (ctx, form) => {
            ctx.type = 'html';
            ctx.body = logoutPage(ctx, form);
          },
          postLogoutSuccessSource: (ctx) => {
            ctx.type = 'html';
            ctx.body = loggedOutPage(ctx);
          },
        },
      },
      clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'none'],
      responseTypes: ['code'],
      pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' },
      routes: ROUTES,
      interactions: {
        policy,
        url: (_ctx, interaction) => `${this.basePath}${INTERACTION_PATH}/${interaction.uid}`,
      },
      issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
      rotateRefreshToken: () => true,
      loadExistingGrant: async (ctx) => {
        const client = ctx.oidc.client!;
        const session = ctx.oidc.session!;
        const accountId = session.accountId!;
        const grantId =
          (ctx.oidc.result?.consent as { grantId?: string } | undefined)?.grantId ??
          session.grantIdFor(client.clientId);
        const existing = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
        if (rulesOf(client).consent) return existing;
        // First-party clients: what they ask for is granted without a consent screen.
        const grant =
          existing ?? new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId });
        const scope = [...ctx.oidc.requestParamOIDCScopes].join(' ');
        if (scope) grant.addOIDCScope(scope);
        await grant.save();
        return grant;
      },
      ttl: {
        AccessToken: this.config.accessTokenSeconds,
        AuthorizationCode: this.config.codeSeconds,
        IdToken: this.config.accessTokenSeconds,
        RefreshToken: this.config.refreshTokenSeconds,
        Grant: this.config.refreshTokenSeconds,
        Interaction: 60 * 60,
        Session: this.config.refreshTokenSeconds,
      },
      extraClientMetadata: {
        properties: ['tobira_organization_id', 'tobira_consent', 'tobira_require_mfa'],
      },
      renderError: (ctx, out) => {
        ctx.type = 'html';
        ctx.body = errorPage(ctx, { ...out });
      },
      jwks: { keys: keys as unknown as NonNullable<Configuration['jwks']>['keys'] },
      enabledJWA: { idTokenSigningAlgValues: ['RS256'] },
    };
  }

  /** Audit: authorizations, tokens, refreshes, revocations, logouts and every refusal. */
  private listen(provider: Provider): void {
    const record = (
      ctx: KoaContextWithOIDC | undefined,
      kind: SecurityEventKind,
      detail: Record<string, string | number | boolean | null>,
      accountId?: string,
    ) => {
      const client = ctx?.oidc?.client;
      const req = ctx?.req as (Request & { tobiraIp?: string }) | undefined;
      const userId = accountId ?? ctx?.oidc?.session?.accountId ?? null;
      const event: SecurityEvent = {
        kind,
        actor: client
          ? {
              kind: 'system',
              username: `client:${client.clientName ?? client.clientId}`.slice(0, 64),
            }
          : { kind: 'system' },
        target: userId ? { userId } : undefined,
        organizationId: (client && rulesOf(client).organizationId) ?? null,
        detail: {
          ...(client ? { clientId: client.clientId, client: client.clientName ?? null } : {}),
          ...detail,
        },
        client: {
          ipAddress: req?.tobiraIp ?? null,
          userAgent: (req?.headers['user-agent'] ?? '').slice(0, 512) || null,
        },
      };
      const written = this.emitForAccount(event).catch((error: unknown) =>
        this.logger.error({ msg: 'oidc audit failed', error: String(error) }),
      );
      this.pending.add(written);
      void written.finally(() => this.pending.delete(written));
    };
    provider.on('authorization.success', (ctx) =>
      record(ctx, 'oidc.authorized', { prompt: (ctx.oidc.params?.prompt as string) ?? null }),
    );
    provider.on('grant.success', (ctx) =>
      record(
        ctx,
        ctx.oidc.params?.grant_type === 'refresh_token'
          ? 'oidc.token_refreshed'
          : 'oidc.token_issued',
        { grantType: (ctx.oidc.params?.grant_type as string) ?? null },
        ctx.oidc.entities.Account?.accountId,
      ),
    );
    provider.on('grant.revoked', (ctx, grantId) =>
      record(ctx, 'oidc.token_revoked', { grantId, route: ctx.oidc.route ?? null }),
    );
    provider.on('access_token.destroyed', () => undefined);
    provider.on('end_session.success', (ctx) => record(ctx, 'oidc.logout', {}));
    const refused = (step: string) => (ctx: KoaContextWithOIDC, error: Error) =>
      record(ctx, 'oidc.refused', {
        step,
        error: (error as { error?: string }).error ?? 'server_error',
        reason: (
          (error as { error_description?: string }).error_description ?? error.message
        ).slice(0, 200),
      });
    provider.on('authorization.error', refused('authorization'));
    provider.on('grant.error', refused('token'));
    provider.on('userinfo.error', refused('userinfo'));
    provider.on('revocation.error', refused('revocation'));
    provider.on('introspection.error', refused('introspection'));
    provider.on('end_session.error', refused('logout'));
    provider.on('server_error', (ctx, error) => {
      this.logger.error({ msg: 'oidc server error', error: String(error.stack ?? error) });
      refused('server')(ctx, error);
    });
  }

  /** The account's contract and username complete the record, when the event names an account. */
  private async emitForAccount(event: SecurityEvent): Promise<void> {
    const userId = event.target?.userId;
    if (userId) {
      const account = await this.accounts.find(userId);
      if (account) {
        event.target = { userId, username: account.username };
        event.organizationId ??= account.organizationId;
      }
    }
    await this.events.emit(event);
  }

  /** The portal session behind the provider session of `ctx`, and the browser's own, end. */
  private async endPortalSession(ctx: KoaContextWithOIDC): Promise<void> {
    const req = ctx.req as Request;
    req.cookies = parseCookieHeader(req.headers.cookie);
    const token = this.cookie.read(req);
    if (token) await this.sessions.revokeByToken(token);
    const uid = ctx.oidc.session?.uid;
    const linked = uid ? await this.accounts.linkedSession(uid) : null;
    // The sessions' owner ends it, as a sign-out would.
    if (linked) await this.sessions.revoke(linked);
  }

  /** Client rules of a registered client, for the interaction. */
  async clientRules(clientId: string) {
    const client = await this.clients.find(clientId);
    return client ?? null;
  }
}

import { Controller, Get, HttpCode, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { InteractionResults } from 'oidc-provider';
import { Public } from '../http/public.decorator';
import { CurrentPrincipal, type Principal } from '../sessions/authenticated-request';
import { clientInfo } from '../http/client-info';
import { SessionCookie } from '../sessions/session-cookie';
import { SessionsService } from '../sessions/sessions.service';
import { AppError } from '../http/app-error';
import { JsonBody } from '../http/json-body';
import { SecurityEvents } from '../security-events/security-events.service';
import { ConsentDecisionDto, ConsentRequestDto, InteractionRedirectDto } from './dto/consent.dto';
import { OidcAccountsService, type Refusal } from './oidc-accounts.service';
import { OidcProviderService } from './oidc-provider.service';

const UID = /^[A-Za-z0-9_-]{1,64}$/;

/** Refusals that signing in again cannot cure: answered to the application as access_denied. */
const DENIED: readonly Refusal[] = ['other_contract', 'locked', 'disabled', 'expired'];

/**
 * The provider's interaction, done by Tobira's own screens: a request that needs a sign-in goes
 * through /login (the manual's page, the MFA step and the forced change), then comes back here
 * through the client route /connect/continue/:uid (a page of Tobira's own, so that the SameSite=Strict
 * session cookie is sent) and on to the application.
 */
@ApiTags('oidc')
@Controller('oidc/interaction')
export class OidcInteractionController {
  constructor(
    private readonly oidc: OidcProviderService,
    private readonly accounts: OidcAccountsService,
    private readonly sessions: SessionsService,
    private readonly cookie: SessionCookie,
    private readonly events: SecurityEvents,
  ) {}

  private async details(uid: string, req: Request, res: Response) {
    if (!UID.test(uid)) throw new AppError('NOT_FOUND');
    try {
      const details = await this.oidc.provider.interactionDetails(req, res);
      if (details.uid !== uid) throw new AppError('NOT_FOUND');
      return details;
    } catch (error) {
      if (error instanceof AppError) throw error;
      // No interaction cookie, or the interaction expired: the application must start again.
      throw new AppError('NOT_FOUND');
    }
  }

  private signInUrl(uid: string): string {
    const base = this.oidc.basePathForClient;
    return `${base}/login?returnUrl=${encodeURIComponent(`/connect/continue/${uid}`)}`;
  }

  @Public()
  @Get(':uid')
  @ApiExcludeEndpoint()
  async continue(
    @Param('uid') uid: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const details = await this.details(uid, req, res);
    const token = this.cookie.read(req);
    const principal = token ? await this.sessions.authenticate(token) : null;
    if (!principal || principal.mfaPending || principal.passwordIsTemporary) {
      // The sign-in steps (and the forced change) are the client's; it comes back here after.
      res.redirect(303, this.signInUrl(uid));
      return;
    }
    const client = await this.oidc.clientRules(String(details.params.client_id));
    if (!client || client.disabled) throw new AppError('NOT_FOUND');

    if (details.prompt.name === 'consent') {
      if (details.session?.accountId !== principal.userId) {
        res.redirect(303, this.signInUrl(uid));
        return;
      }
      res.redirect(303, `${this.oidc.basePathForClient}/connect/consent/${uid}`);
      return;
    }

    const signIn = await this.accounts.signInOf(principal.sessionId, principal.userId);
    if (!signIn) {
      res.redirect(303, this.signInUrl(uid));
      return;
    }
    // prompt=login and max_age ask for a sign-in made for this request: the portal session is
    // ended (as a sign-out would) and the user signs in again.
    const maxAge =
      details.params.max_age === undefined ? undefined : Number(details.params.max_age);
    const stale =
      (details.prompt.reasons.includes('login_prompt') &&
        signIn.authTime.getTime() < (details.iat ?? 0) * 1000) ||
      (maxAge !== undefined &&
        Number.isFinite(maxAge) &&
        signIn.authTime.getTime() < Date.now() - maxAge * 1000);
    if (stale) {
      await this.sessions.revoke(principal.sessionId);
      this.cookie.clear(req, res);
      res.redirect(303, this.signInUrl(uid));
      return;
    }

    const account = await this.accounts.find(principal.userId);
    const refusal = account
      ? await this.accounts.refusal(
          account,
          { organizationId: client.organizationId, requireMfa: client.requireMfa },
          signIn.amr,
        )
      : 'disabled';
    if (refusal === 'mfa_required') {
      if (account?.mfaEnabled) {
        // MFA was turned on after this sign-in: sign in again, with the code step this time.
        await this.sessions.revoke(principal.sessionId);
        this.cookie.clear(req, res);
        res.redirect(303, this.signInUrl(uid));
      } else {
        await this.refused(principal, client, 'mfa_setup_required', req);
        res.redirect(303, `${this.oidc.basePathForClient}/settings/mfa`);
      }
      return;
    }
    if (refusal !== null && DENIED.includes(refusal)) {
      await this.refused(principal, client, refusal, req);
      await this.oidc.provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'this account may not use this application' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    if (refusal !== null) {
      res.redirect(303, this.signInUrl(uid));
      return;
    }
    const result: InteractionResults = {
      login: {
        accountId: principal.userId,
        ts: Math.floor(signIn.authTime.getTime() / 1000),
        amr: signIn.amr,
        // The provider's session cookie ends with the browser, like the portal's.
        remember: false,
      },
    };
    await this.accounts.linkInteraction(uid, principal.sessionId);
    await this.oidc.provider.interactionFinished(req, res, result, {
      mergeWithLastSubmission: false,
    });
  }

  private refused(
    principal: Principal,
    client: { clientId: string; name: string; organizationId: string | null },
    reason: string,
    req: Request,
  ): Promise<void> {
    return this.events.emit({
      kind: 'oidc.refused',
      actor: { kind: 'user', userId: principal.userId, username: principal.username },
      target: { userId: principal.userId, username: principal.username },
      organizationId: principal.organizationId,
      detail: {
        step: 'authorization',
        error: 'access_denied',
        reason,
        clientId: client.clientId,
        client: client.name,
      },
      client: clientInfo(req),
    });
  }

  @Get(':uid/consent')
  @ApiOperation({ summary: 'What an application with a consent screen asks for.' })
  @ApiOkResponse({ type: ConsentRequestDto })
  async consentRequest(
    @Param('uid') uid: string,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ConsentRequestDto> {
    const details = await this.details(uid, req, res);
    if (details.prompt.name !== 'consent' || details.session?.accountId !== principal.userId) {
      throw new AppError('NOT_FOUND');
    }
    const client = await this.oidc.clientRules(String(details.params.client_id));
    if (!client || client.disabled) throw new AppError('NOT_FOUND');
    const scope = details.params.scope;
    const scopes = (typeof scope === 'string' ? scope : '')
      .split(' ')
      .filter((scope) => ['openid', 'profile', 'offline_access'].includes(scope));
    return { clientName: client.name, scopes, username: principal.username };
  }

  @Post(':uid/consent')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Allow or deny an application; answers where the browser goes next.' })
  @ApiOkResponse({ type: InteractionRedirectDto })
  async decide(
    @Param('uid') uid: string,
    @JsonBody() dto: ConsentDecisionDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<InteractionRedirectDto> {
    const details = await this.details(uid, req, res);
    if (details.prompt.name !== 'consent' || details.session?.accountId !== principal.userId) {
      throw new AppError('NOT_FOUND');
    }
    const client = await this.oidc.clientRules(String(details.params.client_id));
    if (!client || client.disabled) throw new AppError('NOT_FOUND');
    if (!dto.approve) {
      await this.refused(principal, client, 'consent_denied', req);
      const redirectTo = await this.oidc.provider.interactionResult(
        req,
        res,
        { error: 'access_denied', error_description: 'the user denied the request' },
        { mergeWithLastSubmission: false },
      );
      return { redirectTo };
    }
    const { Grant } = this.oidc.provider;
    const grant =
      (details.grantId ? await Grant.find(details.grantId) : undefined) ??
      new Grant({ accountId: principal.userId, clientId: client.clientId });
    const missing = details.prompt.details.missingOIDCScope as string[] | undefined;
    if (missing?.length) grant.addOIDCScope(missing.join(' '));
    const grantId = await grant.save();
    const redirectTo = await this.oidc.provider.interactionResult(
      req,
      res,
      { consent: { grantId } },
      { mergeWithLastSubmission: true },
    );
    return { redirectTo };
  }
}

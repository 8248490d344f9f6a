import { Controller, HttpCode, HttpStatus, Inject, Post, Req, Res } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../http/public.decorator';
import { AllowedWhileMfaPending } from '../sessions/session.decorators';
import { CurrentPrincipal, type Principal } from '../sessions/authenticated-request';
import { clientInfo } from '../http/client-info';
import { SessionDto } from '../sessions/dto/session.dto';
import { SessionCookie } from '../sessions/session-cookie';
import { baseCookieOptions, isSecureRequest } from '../http/cookies';
import { httpConfig } from '../http/http.config';
import { JsonBody } from '../http/json-body';
import { answerSecondFactor } from '../sessions/second-factor';
import { PasskeyAssertionDto } from './dto/passkeys.dto';
import { CHALLENGE_TTL_SECONDS } from './passkey-challenges';
import { answerRefusal } from './passkey-answer';
import { newBrowserToken, PasskeysService } from './passkeys.service';

export const CHALLENGE_COOKIE = 'tobira_passkey';
/** Behind HTTPS: Secure, host-only and Path=/, as the session cookie. */
export const SECURE_CHALLENGE_COOKIE = '__Host-tobira_passkey';

/** Signing in with a passkey: without a password, or as the MFA step's second factor. */
@ApiTags('auth')
@Controller('auth')
export class PasskeySignInController {
  constructor(
    private readonly passkeys: PasskeysService,
    private readonly cookie: SessionCookie,
    @Inject(httpConfig.KEY) private readonly http: ConfigType<typeof httpConfig>,
  ) {}

  @Public()
  @Post('passkey/options')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Start a passwordless sign-in: options for navigator.credentials.get; the challenge is bound to this browser by an HttpOnly cookie, for 5 minutes and one answer.',
  })
  @ApiOkResponse({ description: 'PublicKeyCredentialRequestOptionsJSON' })
  async signInOptions(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const token = newBrowserToken();
    const options = await this.passkeys.startSignIn(token);
    const secure = isSecureRequest(req, this.http.cookieSecure);
    res.cookie(secure ? SECURE_CHALLENGE_COOKIE : CHALLENGE_COOKIE, token, {
      ...baseCookieOptions(secure),
      httpOnly: true,
      maxAge: CHALLENGE_TTL_SECONDS * 1000,
    });
    return options;
  }

  @Public()
  @Post('passkey/login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with the passkey’s answer; sets the session cookie.' })
  @ApiOkResponse({ type: SessionDto })
  async signIn(
    @JsonBody() dto: PasskeyAssertionDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionDto> {
    const secure = isSecureRequest(req, this.http.cookieSecure);
    const name = secure ? SECURE_CHALLENGE_COOKIE : CHALLENGE_COOKIE;
    const given = (req.cookies as Record<string, unknown> | undefined)?.[name];
    const browserToken = typeof given === 'string' && given.length <= 64 ? given : undefined;
    // The challenge is used up whatever the answer: the cookie goes with it.
    res.clearCookie(name, { ...baseCookieOptions(secure), httpOnly: true });
    const { token, session } = await answerRefusal(req, () =>
      this.passkeys.signIn(browserToken, dto.credential, clientInfo(req), this.cookie.read(req)),
    );
    this.cookie.write(req, res, token);
    return session;
  }

  @AllowedWhileMfaPending()
  @ApiCookieAuth()
  @Post('mfa/passkey/options')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'The MFA step with a passkey: options for navigator.credentials.get.' })
  @ApiOkResponse({ description: 'PublicKeyCredentialRequestOptionsJSON' })
  secondFactorOptions(@CurrentPrincipal() principal: Principal): Promise<unknown> {
    return this.passkeys.startSecondFactor(principal);
  }

  @AllowedWhileMfaPending()
  @ApiCookieAuth()
  @Post('mfa/passkey')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Send the passkey’s answer as the second factor; a new session token.' })
  @ApiOkResponse({ type: SessionDto })
  async secondFactor(
    @CurrentPrincipal() principal: Principal,
    @JsonBody() dto: PasskeyAssertionDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionDto> {
    const result = await this.passkeys.finishSecondFactor(
      principal,
      dto.credential,
      clientInfo(req),
    );
    return answerSecondFactor(this.cookie, req, res, result, (refused) =>
      answerRefusal(req, () => Promise.reject(refused.refusal)),
    );
  }
}

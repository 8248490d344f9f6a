import { Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { JsonBody } from '../http/json-body';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AllowedWhileMfaPending } from '../auth/auth.decorators';
import { CurrentPrincipal, type Principal } from '../auth/authenticated-request';
import { clientInfo } from '../auth/client-info';
import { SessionDto } from '../auth/dto/session.dto';
import { SessionCookie } from '../auth/session-cookie';
import { AppError } from '../http/app-error';
import { MfaCodeDto, RecoveryCodeDto } from './dto/mfa.dto';
import { isSignedIn, type MfaSignedIn, type MfaStepFailure, MfaService } from './mfa.service';

/** The second step of signing in, the only calls (with sign-out) of an MFA-pending session. */
@ApiTags('auth')
@ApiCookieAuth()
@AllowedWhileMfaPending()
@Controller('auth/mfa')
export class MfaSignInController {
  constructor(
    private readonly mfa: MfaService,
    private readonly cookie: SessionCookie,
  ) {}

  @Post('code')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Send the authenticator code; a new session token on success.' })
  @ApiOkResponse({ type: SessionDto })
  async code(
    @CurrentPrincipal() principal: Principal,
    @JsonBody() dto: MfaCodeDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionDto> {
    const result = await this.mfa.verifySignInCode(principal, dto.code, clientInfo(req));
    return this.answer(result, 'code', 'MFA_CODE_INVALID', req, res);
  }

  @Post('recovery-code')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Send a recovery code instead; each works once.' })
  @ApiOkResponse({ type: SessionDto })
  async recoveryCode(
    @CurrentPrincipal() principal: Principal,
    @JsonBody() dto: RecoveryCodeDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionDto> {
    const result = await this.mfa.verifyRecoveryCode(principal, dto.recoveryCode, clientInfo(req));
    return this.answer(result, 'recoveryCode', 'RECOVERY_CODE_INVALID', req, res);
  }

  private answer(
    result: MfaSignedIn | MfaStepFailure,
    field: string,
    code: string,
    req: Request,
    res: Response,
  ): SessionDto {
    if (isSignedIn(result)) {
      this.cookie.write(req, res, result.token);
      return result.session;
    }
    if (result.ended) {
      this.cookie.clear(req, res);
      throw new AppError('MFA_SESSION_ENDED');
    }
    throw new AppError('VALIDATION_FAILED', [{ field, code }]);
  }
}

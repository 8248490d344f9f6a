import { Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { JsonBody } from '../http/json-body';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AllowedWhileMfaPending } from '../sessions/session.decorators';
import { CurrentPrincipal, type Principal } from '../sessions/authenticated-request';
import { clientInfo } from '../http/client-info';
import { SessionDto } from '../sessions/dto/session.dto';
import { SessionCookie } from '../sessions/session-cookie';
import { AppError, type FieldProblem } from '../http/app-error';
import { MfaCodeDto, RecoveryCodeDto } from './dto/mfa.dto';
import { mfaFieldProblem } from './mfa.errors';
import { MfaSignIn } from './mfa-sign-in.service';
import { answerSecondFactor } from '../sessions/second-factor';

/** The second step of signing in, the only calls (with sign-out) of an MFA-pending session. */
@ApiTags('auth')
@ApiCookieAuth()
@AllowedWhileMfaPending()
@Controller('auth/mfa')
export class MfaSignInController {
  constructor(
    private readonly mfa: MfaSignIn,
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
    return answerSecondFactor(this.cookie, req, res, result, () =>
      wrong(mfaFieldProblem('MFA_CODE_INVALID', 'code')),
    );
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
    return answerSecondFactor(this.cookie, req, res, result, () =>
      wrong(mfaFieldProblem('RECOVERY_CODE_INVALID', 'recoveryCode')),
    );
  }
}

function wrong(problem: FieldProblem): never {
  throw new AppError('VALIDATION_FAILED', [problem]);
}

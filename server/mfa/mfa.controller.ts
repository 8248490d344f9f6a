import { Controller, Get, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { JsonBody } from '../http/json-body';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, type Principal } from '../sessions/authenticated-request';
import { clientInfo } from '../http/client-info';
import {
  CurrentPasswordDto,
  MfaCodeDto,
  MfaEnrollmentDto,
  MfaStatusDto,
  RecoveryCodesDto,
} from './dto/mfa.dto';
import { MfaService } from './mfa.service';

@ApiTags('mfa')
@ApiCookieAuth()
@Controller('mfa')
export class MfaController {
  constructor(private readonly mfa: MfaService) {}

  @Get()
  @ApiOperation({ summary: 'Whether MFA is on, since when, and how many recovery codes remain.' })
  @ApiOkResponse({ type: MfaStatusDto })
  status(@CurrentPrincipal() principal: Principal): Promise<MfaStatusDto> {
    return this.mfa.status(principal);
  }

  @Post('enrollment')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Start turning MFA on: a new pending secret, its QR code and key.' })
  @ApiOkResponse({ type: MfaEnrollmentDto })
  startEnrollment(@CurrentPrincipal() principal: Principal): Promise<MfaEnrollmentDto> {
    return this.mfa.startEnrollment(principal);
  }

  @Post('enrollment/confirm')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Turn MFA on with a current code; answers the recovery codes once.' })
  @ApiOkResponse({ type: RecoveryCodesDto })
  async confirmEnrollment(
    @CurrentPrincipal() principal: Principal,
    @JsonBody() dto: MfaCodeDto,
    @Req() req: Request,
  ): Promise<RecoveryCodesDto> {
    return {
      recoveryCodes: await this.mfa.confirmEnrollment(principal, dto.code, clientInfo(req)),
    };
  }

  @Post('disable')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Turn MFA off; needs the current password.' })
  @ApiOkResponse({ type: MfaStatusDto })
  async disable(
    @CurrentPrincipal() principal: Principal,
    @JsonBody() dto: CurrentPasswordDto,
    @Req() req: Request,
  ): Promise<MfaStatusDto> {
    await this.mfa.disable(principal, dto.currentPassword, clientInfo(req));
    return this.mfa.status(principal);
  }

  @Post('recovery-codes')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Replace the recovery codes; needs the current password.' })
  @ApiOkResponse({ type: RecoveryCodesDto })
  async regenerateRecoveryCodes(
    @CurrentPrincipal() principal: Principal,
    @JsonBody() dto: CurrentPasswordDto,
    @Req() req: Request,
  ): Promise<RecoveryCodesDto> {
    return {
      recoveryCodes: await this.mfa.regenerateRecoveryCodes(
        principal,
        dto.currentPassword,
        clientInfo(req),
      ),
    };
  }
}

import {
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Req,
} from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, type Principal } from '../sessions/authenticated-request';
import { clientInfo } from '../http/client-info';
import { AppError } from '../http/app-error';
import { JsonBody } from '../http/json-body';
import {
  DeletePasskeyDto,
  FinishRegistrationDto,
  PasskeyDto,
  PasskeyNameDto,
  StartRegistrationDto,
} from './dto/passkeys.dto';
import { answerRefusal } from './passkey-answer';
import { PasskeysService } from './passkeys.service';

const invalidId = () => new AppError('VALIDATION_FAILED', [{ field: 'id', code: 'INVALID' }]);
const uuid = () => new ParseUUIDPipe({ exceptionFactory: invalidId });

/** The signed-in user's passkeys (管理機能利用設定 › パスキー). */
@ApiTags('passkeys')
@ApiCookieAuth()
@Controller('passkeys')
export class PasskeysController {
  constructor(private readonly passkeys: PasskeysService) {}

  @Get()
  @ApiOperation({ summary: 'The account’s passkeys: name, created, last used.' })
  @ApiOkResponse({ type: [PasskeyDto] })
  list(@CurrentPrincipal() principal: Principal): Promise<PasskeyDto[]> {
    return this.passkeys.list(principal);
  }

  @Post('registration/options')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'After the current password again: the options for navigator.credentials.create (a challenge of this session, 5 minutes, single use).',
  })
  @ApiOkResponse({ description: 'PublicKeyCredentialCreationOptionsJSON' })
  startRegistration(
    @CurrentPrincipal() principal: Principal,
    @JsonBody() dto: StartRegistrationDto,
    @Req() req: Request,
  ): Promise<unknown> {
    return answerRefusal(req, () =>
      this.passkeys.startRegistration(principal, dto.currentPassword, clientInfo(req)),
    );
  }

  @Post('registration')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Keep the new passkey under its name, once its answer verifies.' })
  @ApiOkResponse({ type: PasskeyDto })
  finishRegistration(
    @CurrentPrincipal() principal: Principal,
    @JsonBody() dto: FinishRegistrationDto,
    @Req() req: Request,
  ): Promise<PasskeyDto> {
    return answerRefusal(req, () =>
      this.passkeys.finishRegistration(principal, dto.name, dto.credential, clientInfo(req)),
    );
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename one of the account’s passkeys (404 for any other).' })
  @ApiOkResponse({ type: PasskeyDto })
  rename(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid()) id: string,
    @JsonBody() dto: PasskeyNameDto,
    @Req() req: Request,
  ): Promise<PasskeyDto> {
    return this.passkeys.rename(principal, id, dto.name, clientInfo(req));
  }

  @Post(':id/delete')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Delete one of the account’s passkeys, after the current password again.',
  })
  @ApiOkResponse({ type: [PasskeyDto] })
  async remove(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid()) id: string,
    @JsonBody() dto: DeletePasskeyDto,
    @Req() req: Request,
  ): Promise<PasskeyDto[]> {
    await this.passkeys.remove(principal, id, dto.currentPassword, clientInfo(req));
    return this.passkeys.list(principal);
  }
}

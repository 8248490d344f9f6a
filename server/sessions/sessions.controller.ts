import {
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
} from '@nestjs/common';
import { JsonBody } from '../http/json-body';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AppError } from '../http/app-error';
import { CurrentPrincipal, type Principal } from './authenticated-request';
import { clientInfo } from '../http/client-info';
import { ConfirmPasswordDto } from '../users/dto/confirm-password.dto';
import { EndedSessionsDto, SessionSummaryDto } from './dto/session-summary.dto';
import { PasswordConfirmation } from '../users/password-confirmation';
import { SessionsService } from './sessions.service';

const invalidId = () => new AppError('VALIDATION_FAILED', [{ field: 'id', code: 'INVALID' }]);

/**
 * The signed-in user's own sessions (ASVS 7.5.2): see them, and, having typed the password again,
 * end any one or all the others.
 */
@ApiTags('sessions')
@ApiCookieAuth()
@Controller('sessions')
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly confirmation: PasswordConfirmation,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The account’s live sessions, this one marked.' })
  @ApiOkResponse({ type: [SessionSummaryDto] })
  list(@CurrentPrincipal() principal: Principal): Promise<SessionSummaryDto[]> {
    return this.sessions.listForUser(principal);
  }

  @Post(':id/end')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'End one of the account’s sessions (404 for any other), after the current password again.',
  })
  @ApiOkResponse({ type: EndedSessionsDto })
  async end(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe({ exceptionFactory: invalidId })) id: string,
    @JsonBody() dto: ConfirmPasswordDto,
    @Req() req: Request,
  ): Promise<EndedSessionsDto> {
    const client = clientInfo(req);
    await this.confirmation.confirm(principal, dto.currentPassword, client, 'end_session');
    return this.sessions.endOwn(principal, id, client);
  }

  @Post('end-others')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'End every session of the account but this one, after the current password again.',
  })
  @ApiOkResponse({ type: EndedSessionsDto })
  async endOthers(
    @CurrentPrincipal() principal: Principal,
    @JsonBody() dto: ConfirmPasswordDto,
    @Req() req: Request,
  ): Promise<EndedSessionsDto> {
    const client = clientInfo(req);
    await this.confirmation.confirm(principal, dto.currentPassword, client, 'end_other_sessions');
    return this.sessions.endOthers(principal, client);
  }
}

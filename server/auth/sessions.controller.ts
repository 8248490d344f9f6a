import {
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
} from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AppError } from '../http/app-error';
import { CurrentPrincipal, type Principal } from './authenticated-request';
import { clientInfo } from './client-info';
import { EndedSessionsDto, SessionSummaryDto } from './dto/session-summary.dto';
import { SessionsService } from './sessions.service';

const invalidId = () => new AppError('VALIDATION_FAILED', [{ field: 'id', code: 'INVALID' }]);

/** The signed-in user's own sessions (ASVS 7.5.2): see them, end any one or all the others. */
@ApiTags('sessions')
@ApiCookieAuth()
@Controller('sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  @ApiOperation({ summary: 'The account’s live sessions, this one marked.' })
  @ApiOkResponse({ type: [SessionSummaryDto] })
  list(@CurrentPrincipal() principal: Principal): Promise<SessionSummaryDto[]> {
    return this.sessions.listForUser(principal);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'End one of the account’s sessions (404 for any other).' })
  @ApiOkResponse({ type: EndedSessionsDto })
  end(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe({ exceptionFactory: invalidId })) id: string,
    @Req() req: Request,
  ): Promise<EndedSessionsDto> {
    return this.sessions.endOwn(principal, id, clientInfo(req));
  }

  @Post('end-others')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'End every session of the account but this one.' })
  @ApiOkResponse({ type: EndedSessionsDto })
  endOthers(
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ): Promise<EndedSessionsDto> {
    return this.sessions.endOthers(principal, clientInfo(req));
  }
}

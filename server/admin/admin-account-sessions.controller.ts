import { Controller, Get } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../sessions/authenticated-request';
import { SessionSummaryDto } from '../sessions/dto/session-summary.dto';
import { SessionsService } from '../sessions/sessions.service';
import { AdministratorsOnly } from './admin.decorators';
import { TargetAccount, type TargetedAccount } from './target-account';

/**
 * Where an account of the contract is signed in, for its administrator: the same summary the
 * user sees of their own sessions, read through the sessions module (which owns the table).
 */
@ApiTags('admin')
@ApiCookieAuth()
@AdministratorsOnly()
@Controller('admin')
export class AdminAccountSessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get('accounts/:id/sessions')
  @ApiOperation({
    summary:
      "The account's live sessions, newest activity first; `current` marks the administrator's own.",
  })
  @ApiOkResponse({ type: [SessionSummaryDto] })
  list(
    @CurrentPrincipal() admin: Principal,
    @TargetAccount() target: TargetedAccount,
  ): Promise<SessionSummaryDto[]> {
    return this.sessions.listForAccount(target.account.id, admin.sessionId);
  }
}

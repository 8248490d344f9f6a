import { Controller, Get, Query } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../sessions/authenticated-request';
import { AdministratorsOnly } from './admin.decorators';
import { ContractSecurityLog } from './contract-security-log.service';
import { SecurityLogPageDto, SecurityLogQueryDto } from './dto/security-log.dto';

@ApiTags('admin')
@ApiCookieAuth()
@AdministratorsOnly()
@Controller('admin')
export class AdminSecurityLogController {
  constructor(private readonly log: ContractSecurityLog) {}

  @Get('audit')
  @ApiOperation({
    summary:
      "The contract's security log (セキュリティログ): sign-ins, failures, lockouts and changes, newest first.",
  })
  @ApiOkResponse({ type: SecurityLogPageDto })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: SecurityLogQueryDto,
  ): Promise<SecurityLogPageDto> {
    return this.log.page(principal.organizationId, query);
  }
}

import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { JsonBody } from '../http/json-body';
import { AdministratorsOnly } from './admin.decorators';
import { ContractAccounts } from './contract-accounts.service';
import {
  AccountDto,
  AccountPageDto,
  BulkIssueDto,
  BulkIssuedDto,
  ContractDto,
  IssuedAccountDto,
  IssueAccountDto,
  ListAccountsQueryDto,
  SetExpiryDto,
  SetRoleDto,
} from './dto/admin.dto';

@ApiTags('admin')
@ApiCookieAuth()
@AdministratorsOnly()
@Controller('admin')
export class AdminAccountsController {
  constructor(private readonly accounts: ContractAccounts) {}

  @Get('contract')
  @ApiOperation({ summary: "The administrator's contract: name, plan, service dates." })
  @ApiOkResponse({ type: ContractDto })
  contract(): Promise<ContractDto> {
    return this.accounts.contract();
  }

  @Get('accounts')
  @ApiOperation({ summary: "A page of the contract's accounts: search, filter, sort." })
  @ApiOkResponse({ type: AccountPageDto })
  list(@Query() query: ListAccountsQueryDto): Promise<AccountPageDto> {
    return this.accounts.list(query);
  }

  @Post('accounts')
  @ApiOperation({ summary: 'Issue one account; the temporary password is in this answer only.' })
  @ApiCreatedResponse({ type: IssuedAccountDto })
  issue(@JsonBody() dto: IssueAccountDto): Promise<IssuedAccountDto> {
    return this.accounts.issue(dto);
  }

  @Post('accounts/bulk')
  @ApiOperation({
    summary: 'Issue the accounts of a CSV: all or none; problems are reported with row numbers.',
  })
  @ApiCreatedResponse({ type: BulkIssuedDto })
  issueMany(@JsonBody() dto: BulkIssueDto): Promise<BulkIssuedDto> {
    return this.accounts.issueMany(dto.csv);
  }

  @Get('accounts/:id')
  @ApiOkResponse({ type: AccountDto })
  find(@Param('id') id: string): Promise<AccountDto> {
    return this.accounts.find(id);
  }

  @Post('accounts/:id/reissue')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'New temporary password (shown once); the sessions end.' })
  @ApiOkResponse({ type: IssuedAccountDto })
  reissue(@Param('id') id: string): Promise<IssuedAccountDto> {
    return this.accounts.reissue(id);
  }

  @Post('accounts/:id/expiry')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Set (or clear, with null) the expiry; a past date ends the sessions.' })
  @ApiOkResponse({ type: AccountDto })
  setExpiry(@Param('id') id: string, @JsonBody() dto: SetExpiryDto): Promise<AccountDto> {
    return this.accounts.setExpiry(id, dto.expiresOn);
  }

  @Post('accounts/:id/role')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: AccountDto })
  setRole(@Param('id') id: string, @JsonBody() dto: SetRoleDto): Promise<AccountDto> {
    return this.accounts.setRole(id, dto.role);
  }

  @Post('accounts/:id/disable')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Disable the account; its sessions end.' })
  @ApiOkResponse({ type: AccountDto })
  disable(@Param('id') id: string): Promise<AccountDto> {
    return this.accounts.setDisabled(id, true);
  }

  @Post('accounts/:id/enable')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: AccountDto })
  enable(@Param('id') id: string): Promise<AccountDto> {
    return this.accounts.setDisabled(id, false);
  }

  @Post('accounts/:id/reset-mfa')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Turn MFA off and forget the recovery codes; the sessions end.' })
  @ApiOkResponse({ type: AccountDto })
  resetMfa(@Param('id') id: string): Promise<AccountDto> {
    return this.accounts.resetMfa(id);
  }

  @Post('accounts/:id/unlock')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Lift a lockout after failed sign-ins (ロックを解除).' })
  @ApiOkResponse({ type: AccountDto })
  unlock(@Param('id') id: string): Promise<AccountDto> {
    return this.accounts.unlock(id);
  }

  @Post('accounts/:id/end-sessions')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "End all of the account's sessions." })
  @ApiOkResponse({ type: AccountDto })
  endSessions(@Param('id') id: string): Promise<AccountDto> {
    return this.accounts.endSessions(id);
  }
}

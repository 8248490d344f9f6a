import { Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import {
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { JsonBody } from '../http/json-body';
import { CurrentPrincipal, type Principal } from '../sessions/authenticated-request';
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
import { TargetAccount } from './target-account';

@ApiTags('admin')
@ApiCookieAuth()
@AdministratorsOnly()
@Controller('admin')
export class AdminAccountsController {
  constructor(private readonly accounts: ContractAccounts) {}

  @Get('contract')
  @ApiOperation({ summary: "The administrator's contract: name, plan, service dates." })
  @ApiOkResponse({ type: ContractDto })
  contract(@CurrentPrincipal() admin: Principal): Promise<ContractDto> {
    return this.accounts.contract(admin);
  }

  @Get('accounts')
  @ApiOperation({ summary: "A page of the contract's accounts: search, filter, sort." })
  @ApiOkResponse({ type: AccountPageDto })
  list(
    @CurrentPrincipal() admin: Principal,
    @Query() query: ListAccountsQueryDto,
  ): Promise<AccountPageDto> {
    return this.accounts.page(admin, query);
  }

  @Post('accounts')
  @ApiOperation({ summary: 'Issue one account; the temporary password is in this answer only.' })
  @ApiCreatedResponse({ type: IssuedAccountDto })
  issue(
    @CurrentPrincipal() admin: Principal,
    @JsonBody() dto: IssueAccountDto,
  ): Promise<IssuedAccountDto> {
    return this.accounts.issue(admin, dto);
  }

  @Post('accounts/bulk')
  @ApiOperation({
    summary: 'Issue the accounts of a CSV: all or none; problems are reported with row numbers.',
  })
  @ApiCreatedResponse({ type: BulkIssuedDto })
  issueMany(
    @CurrentPrincipal() admin: Principal,
    @JsonBody() dto: BulkIssueDto,
  ): Promise<BulkIssuedDto> {
    return this.accounts.issueMany(admin, dto.csv);
  }

  @Get('accounts/:id')
  @ApiOkResponse({ type: AccountDto })
  find(@TargetAccount() account: AccountDto): Promise<AccountDto> {
    return Promise.resolve(account);
  }

  @Post('accounts/:id/reissue')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'New temporary password (shown once); the sessions end.' })
  @ApiOkResponse({ type: IssuedAccountDto })
  reissue(
    @CurrentPrincipal() admin: Principal,
    @TargetAccount() account: AccountDto,
  ): Promise<IssuedAccountDto> {
    return this.accounts.reissue(admin, account);
  }

  @Post('accounts/:id/expiry')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Set (or clear, with null) the expiry; a past date ends the sessions.' })
  @ApiOkResponse({ type: AccountDto })
  setExpiry(
    @CurrentPrincipal() admin: Principal,
    @TargetAccount() account: AccountDto,
    @JsonBody() dto: SetExpiryDto,
  ): Promise<AccountDto> {
    return this.accounts.setExpiry(admin, account, dto.expiresOn);
  }

  @Post('accounts/:id/role')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: AccountDto })
  setRole(
    @CurrentPrincipal() admin: Principal,
    @TargetAccount() account: AccountDto,
    @JsonBody() dto: SetRoleDto,
  ): Promise<AccountDto> {
    return this.accounts.setRole(admin, account, dto.role);
  }

  @Post('accounts/:id/disable')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Disable the account; its sessions end.' })
  @ApiOkResponse({ type: AccountDto })
  disable(
    @CurrentPrincipal() admin: Principal,
    @TargetAccount() account: AccountDto,
  ): Promise<AccountDto> {
    return this.accounts.setDisabled(admin, account, true);
  }

  @Post('accounts/:id/enable')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: AccountDto })
  enable(
    @CurrentPrincipal() admin: Principal,
    @TargetAccount() account: AccountDto,
  ): Promise<AccountDto> {
    return this.accounts.setDisabled(admin, account, false);
  }

  @Post('accounts/:id/reset-mfa')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Turn MFA off and forget the recovery codes; the sessions end.' })
  @ApiOkResponse({ type: AccountDto })
  resetMfa(
    @CurrentPrincipal() admin: Principal,
    @TargetAccount() account: AccountDto,
  ): Promise<AccountDto> {
    return this.accounts.resetMfa(admin, account);
  }

  @Post('accounts/:id/unlock')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Lift a lockout after failed sign-ins (ロックを解除).' })
  @ApiOkResponse({ type: AccountDto })
  unlock(
    @CurrentPrincipal() admin: Principal,
    @TargetAccount() account: AccountDto,
  ): Promise<AccountDto> {
    return this.accounts.unlock(admin, account);
  }

  @Post('accounts/:id/end-sessions')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "End all of the account's sessions." })
  @ApiOkResponse({ type: AccountDto })
  endSessions(
    @CurrentPrincipal() admin: Principal,
    @TargetAccount() account: AccountDto,
  ): Promise<AccountDto> {
    return this.accounts.endSessions(admin, account);
  }
}

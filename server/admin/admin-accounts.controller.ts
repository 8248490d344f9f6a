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
import { type ActingAdministrator, Administrator, AdministratorsOnly } from './admin.decorators';
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
import { TargetAccount, type TargetedAccount } from './target-account';

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
    @Administrator() admin: ActingAdministrator,
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
    @Administrator() admin: ActingAdministrator,
    @JsonBody() dto: BulkIssueDto,
  ): Promise<BulkIssuedDto> {
    return this.accounts.issueMany(admin, dto.csv);
  }

  @Get('accounts/:id')
  @ApiOkResponse({ type: AccountDto })
  find(@TargetAccount() target: TargetedAccount): Promise<AccountDto> {
    return Promise.resolve(target.account);
  }

  @Post('accounts/:id/reissue')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'New temporary password (shown once); the sessions end.' })
  @ApiOkResponse({ type: IssuedAccountDto })
  reissue(
    @Administrator() admin: ActingAdministrator,
    @TargetAccount() target: TargetedAccount,
  ): Promise<IssuedAccountDto> {
    return this.accounts.reissue(admin, target);
  }

  @Post('accounts/:id/expiry')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Set (or clear, with null) the expiry; a past date ends the sessions.' })
  @ApiOkResponse({ type: AccountDto })
  setExpiry(
    @Administrator() admin: ActingAdministrator,
    @TargetAccount() target: TargetedAccount,
    @JsonBody() dto: SetExpiryDto,
  ): Promise<AccountDto> {
    return this.accounts.setExpiry(admin, target, dto.expiresOn);
  }

  @Post('accounts/:id/role')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: AccountDto })
  setRole(
    @Administrator() admin: ActingAdministrator,
    @TargetAccount() target: TargetedAccount,
    @JsonBody() dto: SetRoleDto,
  ): Promise<AccountDto> {
    return this.accounts.setRole(admin, target, dto.role);
  }

  @Post('accounts/:id/disable')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Disable the account; its sessions end.' })
  @ApiOkResponse({ type: AccountDto })
  disable(
    @Administrator() admin: ActingAdministrator,
    @TargetAccount() target: TargetedAccount,
  ): Promise<AccountDto> {
    return this.accounts.setDisabled(admin, target, true);
  }

  @Post('accounts/:id/enable')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: AccountDto })
  enable(
    @Administrator() admin: ActingAdministrator,
    @TargetAccount() target: TargetedAccount,
  ): Promise<AccountDto> {
    return this.accounts.setDisabled(admin, target, false);
  }

  @Post('accounts/:id/reset-mfa')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Turn MFA off and forget the recovery codes; the sessions end.' })
  @ApiOkResponse({ type: AccountDto })
  resetMfa(
    @Administrator() admin: ActingAdministrator,
    @TargetAccount() target: TargetedAccount,
  ): Promise<AccountDto> {
    return this.accounts.resetMfa(admin, target);
  }

  @Post('accounts/:id/unlock')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Lift a lockout after failed sign-ins (ロックを解除).' })
  @ApiOkResponse({ type: AccountDto })
  unlock(
    @Administrator() admin: ActingAdministrator,
    @TargetAccount() target: TargetedAccount,
  ): Promise<AccountDto> {
    return this.accounts.unlock(admin, target);
  }

  @Post('accounts/:id/end-sessions')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "End all of the account's sessions." })
  @ApiOkResponse({ type: AccountDto })
  endSessions(
    @Administrator() admin: ActingAdministrator,
    @TargetAccount() target: TargetedAccount,
  ): Promise<AccountDto> {
    return this.accounts.endSessions(admin, target);
  }
}

import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AppError } from '../http/app-error';
import { AccountListQuery } from './account-list.query';
import { ContractAccounts } from './contract-accounts.service';
import type { TargetedRequest } from './target-account';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs after AdminRoleGuard on routes that name an account (`:id`): an account outside the
 * administrator's contract is NOT_FOUND before anything else about the request is looked at, so
 * the answer never depends on whether the body was valid. The account it loads is the handler's
 * (`@TargetAccount()`): the id is parsed and the account read once per request; the change only
 * locks the row.
 */
@Injectable()
export class AccountInContractGuard implements CanActivate {
  constructor(
    private readonly list: AccountListQuery,
    private readonly accounts: ContractAccounts,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<TargetedRequest>();
    const id = req.params.id;
    if (typeof id !== 'string') return true;
    const organizationId = req.principal?.organizationId;
    if (!organizationId) throw new AppError('UNAUTHENTICATED');
    const account = UUID.test(id)
      ? await this.list.find(organizationId, id, this.accounts.today())
      : null;
    if (!account) throw new AppError('NOT_FOUND');
    req.targetAccount = account;
    return true;
  }
}

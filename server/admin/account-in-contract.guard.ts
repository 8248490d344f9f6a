import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ContractAccounts } from './contract-accounts.service';

/**
 * Runs after AdminRoleGuard on routes that name an account (`:id`): an account outside the
 * administrator's contract is NOT_FOUND before anything else about the request is looked at, so
 * the answer never depends on whether the body was valid.
 */
@Injectable()
export class AccountInContractGuard implements CanActivate {
  constructor(private readonly accounts: ContractAccounts) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const id = context.switchToHttp().getRequest<Request>().params.id;
    if (typeof id === 'string') await this.accounts.find(id);
    return true;
  }
}

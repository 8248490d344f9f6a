import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from '../sessions/authenticated-request';
import type { AccountDto } from './dto/admin.dto';

/** The account a route names (`:id`), as AccountInContractGuard loaded it from the caller's contract. */
export interface TargetedRequest extends AuthenticatedRequest {
  targetAccount?: AccountDto;
}

/** The account of the route's `:id`, loaded once by AccountInContractGuard. */
export const TargetAccount = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AccountDto => {
    const account = ctx.switchToHttp().getRequest<TargetedRequest>().targetAccount;
    if (!account) throw new Error('TargetAccount used on a route without :id');
    return account;
  },
);

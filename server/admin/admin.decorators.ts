import {
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  UseGuards,
} from '@nestjs/common';
import { type ClientInfo, clientInfo } from '../http/client-info';
import type { AuthenticatedRequest, Principal } from '../sessions/authenticated-request';
import { AccountInContractGuard } from './account-in-contract.guard';
import { AdminRoleGuard } from './admin-role.guard';

/** Account administrators only, and only their own contract's accounts. */
export const AdministratorsOnly = () =>
  applyDecorators(UseGuards(AdminRoleGuard, AccountInContractGuard));

/** The administrator making a request, and where it came from: both go into the security log. */
export interface ActingAdministrator extends Principal {
  client: ClientInfo;
}

export const Administrator = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): ActingAdministrator => {
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!req.principal) throw new Error('Administrator used on a route without a session');
    return { ...req.principal, client: clientInfo(req) };
  },
);

import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Role } from '../users/user.entity';

/** What the session guard knows about the caller; attached to the request. */
export interface Principal {
  sessionId: string;
  userId: string;
  username: string;
  role: Role;
  /** The caller's contract: the only one an administrator's requests may reach. */
  organizationId: string;
  /** The effective expiry: the earlier of the account's and its contract's end. */
  expiresOn: string | null;
  passwordIsTemporary: boolean;
  /** The password was right but the MFA code step is still to come (see MfaPendingGuard). */
  mfaPending: boolean;
}

export interface AuthenticatedRequest extends Request {
  principal?: Principal;
  /** The session guard checked this request's session (with `principal` set when it was valid). */
  sessionChecked?: boolean;
}

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => {
    const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (!principal) throw new Error('CurrentPrincipal used on a route without a session');
    return principal;
  },
);

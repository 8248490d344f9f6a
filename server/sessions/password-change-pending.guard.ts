import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { sessionError } from './sessions.errors';
import { ALLOWED_WHILE_PASSWORD_CHANGE_PENDING } from './session.decorators';
import type { AuthenticatedRequest } from './authenticated-request';

/**
 * Runs after SessionGuard. While the password is the temporary one an administrator issued, the
 * session may only change it, read its own state and sign out.
 */
@Injectable()
export class PasswordChangePendingGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    // While MFA is pending, MfaPendingGuard decides: the code comes before the forced change.
    if (!principal?.passwordIsTemporary || principal.mfaPending) return true;
    const allowed = this.reflector.getAllAndOverride<boolean>(
      ALLOWED_WHILE_PASSWORD_CHANGE_PENDING,
      [context.getHandler(), context.getClass()],
    );
    if (allowed) return true;
    throw sessionError('PASSWORD_CHANGE_REQUIRED');
  }
}

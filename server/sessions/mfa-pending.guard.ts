import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { sessionError } from './sessions.errors';
import { ALLOWED_WHILE_MFA_PENDING } from './session.decorators';
import type { AuthenticatedRequest } from './authenticated-request';

/**
 * Runs after SessionGuard and before PasswordChangePendingGuard: after the right password of an
 * account with MFA on, the session may only send its code (or a recovery code) and sign out. A
 * temporary password is dealt with after the code, so the order is password, code, forced change.
 */
@Injectable()
export class MfaPendingGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (!principal?.mfaPending) return true;
    const allowed = this.reflector.getAllAndOverride<boolean>(ALLOWED_WHILE_MFA_PENDING, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (allowed) return true;
    throw sessionError('MFA_REQUIRED');
  }
}

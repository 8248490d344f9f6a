import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { AuthenticatedRequest } from '../sessions/authenticated-request';
import { adminError } from './admin.errors';

/**
 * Stacked after the global guards (session, password change pending): the caller must be an
 * account administrator (アカウント管理者). Applied to a whole controller with `@AdministratorsOnly()`.
 */
@Injectable()
export class AdminRoleGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (principal?.role === 'admin') return true;
    throw adminError('ADMIN_ROLE_REQUIRED');
  }
}

import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '../http/app-error';
import { IS_PUBLIC } from '../http/public.decorator';
import type { AuthenticatedRequest } from './authenticated-request';
import { SessionCookie } from './session-cookie';
import { SessionsService } from './sessions.service';

/** Deny by default: every route needs a live session unless marked @Public(). */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly cookie: SessionCookie,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false;
    if (isPublic) return true;

    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = this.cookie.read(req);
    // Read by the request metrics (server/metrics): this request needed a session.
    req.sessionChecked = true;
    const principal = token ? await this.sessions.authenticate(token) : null;
    if (!principal) throw new AppError('UNAUTHENTICATED');
    req.principal = principal;
    return true;
  }
}

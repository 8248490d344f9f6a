import { Controller, Get, HttpCode, HttpStatus, Req, Res } from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../http/public.decorator';
import { SessionCookie } from '../sessions/session-cookie';
import { SessionsService } from '../sessions/sessions.service';
import { AppError } from '../http/app-error';

/**
 * Forward auth for internal web apps behind a reverse proxy (nginx `auth_request`): 204 with who
 * is signed in for a live, complete portal session (past the MFA step and the forced change), 401
 * otherwise. The proxy passes the headers on to the app.
 */
@ApiTags('auth')
@Controller('auth')
export class ForwardAuthController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly cookie: SessionCookie,
  ) {}

  @Public()
  @Get('verify')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary:
      'Forward auth: 204 with X-Tobira-User, X-Tobira-User-Id and X-Tobira-Contract for a signed-in session, else 401.',
  })
  @ApiNoContentResponse({ description: 'A signed-in session.' })
  @ApiUnauthorizedResponse({ description: 'No session, or one still in a sign-in step.' })
  async verify(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const token = this.cookie.read(req);
    const principal = token ? await this.sessions.authenticate(token) : null;
    if (!principal || principal.mfaPending || principal.passwordIsTemporary) {
      throw new AppError('UNAUTHENTICATED');
    }
    res.setHeader('X-Tobira-User', principal.username);
    res.setHeader('X-Tobira-User-Id', principal.userId);
    res.setHeader('X-Tobira-Contract', principal.organizationId);
  }
}

import { Controller, Get, HttpCode, HttpStatus, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { BodyCheckedByGuard, JsonBody } from '../http/json-body';
import { resolveLocale } from '../http/locale';
import {
  AllowedWhileMfaPending,
  AllowedWhilePasswordChangePending,
} from '../sessions/session.decorators';
import { Public } from '../http/public.decorator';
import { AuthService, type SignInAccount } from './auth.service';
import { CurrentPrincipal, type Principal } from '../sessions/authenticated-request';
import { clientInfo } from '../http/client-info';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';
import { PasswordConfirmationDto } from './dto/password-confirmation.dto';
import { PasswordConfirmation } from '../users/password-confirmation';
import { SessionDto, SignedOutDto } from '../sessions/dto/session.dto';
import { LocalAuthGuard } from './local-auth.guard';
import { SessionCookie } from '../sessions/session-cookie';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly cookie: SessionCookie,
    private readonly confirmation: PasswordConfirmation,
  ) {}

  @Public()
  @UseGuards(LocalAuthGuard)
  @BodyCheckedByGuard()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with username and password; sets the session cookie.' })
  // The body is checked once, by LocalAuthGuard (guards run before pipes); a @JsonBody() parameter
  // would have the global ValidationPipe check it a second time on every sign-in.
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: SessionDto })
  async login(
    @Req() req: Request & { user: SignInAccount },
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionDto> {
    const { token, session } = await this.auth.signIn(
      req.user,
      clientInfo(req),
      this.cookie.read(req),
    );
    this.cookie.write(req, res, token);
    return session;
  }

  @AllowedWhilePasswordChangePending()
  @Get('session')
  @ApiCookieAuth()
  @ApiOperation({ summary: 'The signed-in account.' })
  @ApiOkResponse({ type: SessionDto })
  session(@CurrentPrincipal() principal: Principal): SessionDto {
    return SessionDto.from(principal);
  }

  @Get('password-confirmation')
  @ApiCookieAuth()
  @ApiOperation({
    summary:
      'Whether this session typed the password again in the last few minutes (PASSWORD_CONFIRMATION_MINUTES): until then, the next confirmed steps may leave it out.',
  })
  @ApiOkResponse({ type: PasswordConfirmationDto })
  async passwordConfirmation(
    @CurrentPrincipal() principal: Principal,
  ): Promise<PasswordConfirmationDto> {
    const until = await this.confirmation.confirmedUntil(principal.sessionId);
    return {
      confirmedUntil: until?.toISOString() ?? null,
      secondsLeft: until ? Math.max(0, Math.floor((until.getTime() - Date.now()) / 1000)) : 0,
    };
  }

  @AllowedWhileMfaPending()
  @AllowedWhilePasswordChangePending()
  @Post('logout')
  @HttpCode(HttpStatus.OK)
  @ApiCookieAuth()
  @ApiOperation({ summary: 'End this session on the server and clear its cookie.' })
  @ApiOkResponse({ type: SignedOutDto })
  async logout(
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SignedOutDto> {
    await this.auth.signOut(principal, clientInfo(req));
    this.cookie.clear(req, res);
    return { signedOut: true };
  }

  @AllowedWhilePasswordChangePending()
  @Post('password')
  @HttpCode(HttpStatus.OK)
  @ApiCookieAuth()
  @ApiOperation({
    summary: 'Change the password (forced while temporary, or voluntary). Ends the other sessions.',
  })
  @ApiOkResponse({ type: SessionDto })
  async changePassword(
    @CurrentPrincipal() principal: Principal,
    @JsonBody() dto: ChangePasswordDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionDto> {
    const { token, session } = await this.auth.changePassword(
      principal,
      dto,
      resolveLocale(req),
      clientInfo(req),
    );
    this.cookie.write(req, res, token);
    return session;
  }
}

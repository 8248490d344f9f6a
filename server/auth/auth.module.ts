import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { httpConfig } from '../http/http.config';
import { usersConfig } from '../users/users.config';
import { UsersModule } from '../users/users.module';
import { authConfig } from './auth.config';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LocalStrategy } from './local.strategy';
import { MfaPendingGuard } from './mfa-pending.guard';
import { PasswordConfirmation } from './password-confirmation';
import { PasswordChangePendingGuard } from './password-change-pending.guard';
import { SessionCookie } from './session-cookie';
import { SessionGuard } from './session.guard';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';
import { SignInUpkeep } from './sign-in-upkeep';

@Module({
  imports: [
    PassportModule,
    UsersModule,
    ConfigModule.forFeature(authConfig),
    ConfigModule.forFeature(usersConfig),
    ConfigModule.forFeature(httpConfig),
  ],
  controllers: [AuthController, SessionsController],
  providers: [
    AuthService,
    PasswordConfirmation,
    SessionsService,
    SessionCookie,
    LocalStrategy,
    SignInUpkeep,
    // Order matters: who is calling first, then what a session in its state may do.
    { provide: APP_GUARD, useClass: SessionGuard },
    { provide: APP_GUARD, useClass: MfaPendingGuard },
    { provide: APP_GUARD, useClass: PasswordChangePendingGuard },
  ],
  exports: [SessionsService, SessionCookie, PasswordConfirmation],
})
export class AuthModule {}

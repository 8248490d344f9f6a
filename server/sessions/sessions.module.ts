import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { httpConfig } from '../http/http.config';
import { UsersModule } from '../users/users.module';
import { MfaPendingGuard } from './mfa-pending.guard';
import { PasswordChangePendingGuard } from './password-change-pending.guard';
import { SessionCookie } from './session-cookie';
import { SessionStoreModule } from './session-store.module';
import { SessionGuard } from './session.guard';
import { SessionsController } from './sessions.controller';

/**
 * Sessions over HTTP: the cookie, the global guards that authenticate every request (and hold a
 * session in its pending states), and the user's own sessions page.
 */
@Module({
  imports: [SessionStoreModule, UsersModule, ConfigModule.forFeature(httpConfig)],
  controllers: [SessionsController],
  providers: [
    SessionCookie,
    // Order matters: who is calling first, then what a session in its state may do.
    { provide: APP_GUARD, useClass: SessionGuard },
    { provide: APP_GUARD, useClass: MfaPendingGuard },
    { provide: APP_GUARD, useClass: PasswordChangePendingGuard },
  ],
  exports: [SessionStoreModule, SessionCookie],
})
export class SessionsModule {}

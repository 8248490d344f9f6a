import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { PassportModule } from '@nestjs/passport';
import { httpConfig } from '../http/http.config';
import { SessionsModule } from '../sessions/sessions.module';
import { usersConfig } from '../users/users.config';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LocalStrategy } from './local.strategy';
import { SignInQuery } from './sign-in.query';
import { SignInUpkeep } from './sign-in-upkeep';

/** Signing in with a password, signing out, and changing the password. */
@Module({
  imports: [
    PassportModule,
    UsersModule,
    SessionsModule,
    ConfigModule.forFeature(usersConfig),
    ConfigModule.forFeature(httpConfig),
  ],
  controllers: [AuthController],
  providers: [AuthService, SignInQuery, LocalStrategy, SignInUpkeep],
})
export class AuthModule {}

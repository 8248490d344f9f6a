import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { usersConfig } from '../users/users.config';
import { CredentialsRevoked } from './credentials-revoked';
import { Session } from './session.entity';
import { sessionsConfig } from './sessions.config';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';

/**
 * Owns the `sessions` table, without HTTP: what the CLI needs to end an account's sessions, and
 * what SessionsModule serves over HTTP.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Session]),
    ConfigModule.forFeature(sessionsConfig),
    ConfigModule.forFeature(usersConfig),
  ],
  providers: [SessionsRepository, SessionsService, CredentialsRevoked],
  exports: [SessionsService, CredentialsRevoked],
})
export class SessionStoreModule {}

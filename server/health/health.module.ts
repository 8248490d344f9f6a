import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { sessionsConfig } from '../sessions/sessions.config';
import { httpConfig } from '../http/http.config';
import { usersConfig } from '../users/users.config';
import { HealthController } from './health.controller';
import { GracefulShutdown } from './shutdown';

@Global()
@Module({
  imports: [
    ConfigModule.forFeature(httpConfig),
    ConfigModule.forFeature(sessionsConfig),
    ConfigModule.forFeature(usersConfig),
  ],
  controllers: [HealthController],
  providers: [{ provide: GracefulShutdown, useFactory: () => new GracefulShutdown() }],
  exports: [GracefulShutdown],
})
export class HealthModule {}

import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { sessionsConfig } from '../sessions/sessions.config';
import { httpConfig } from '../http/http.config';
import { usersConfig } from '../users/users.config';
import { HealthController } from './health.controller';

@Module({
  imports: [
    ConfigModule.forFeature(httpConfig),
    ConfigModule.forFeature(sessionsConfig),
    ConfigModule.forFeature(usersConfig),
  ],
  controllers: [HealthController],
})
export class HealthModule {}

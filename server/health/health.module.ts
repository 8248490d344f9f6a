import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { authConfig } from '../auth/auth.config';
import { httpConfig } from '../http/http.config';
import { usersConfig } from '../users/users.config';
import { HealthController } from './health.controller';

@Module({
  imports: [
    ConfigModule.forFeature(httpConfig),
    ConfigModule.forFeature(authConfig),
    ConfigModule.forFeature(usersConfig),
  ],
  controllers: [HealthController],
})
export class HealthModule {}

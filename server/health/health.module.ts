import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { httpConfig } from '../http/http.config';
import { HealthController } from './health.controller';

@Module({ imports: [ConfigModule.forFeature(httpConfig)], controllers: [HealthController] })
export class HealthModule {}

import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { httpConfig } from '../http/http.config';
import { HealthController } from './health.controller';
import { GracefulShutdown } from './shutdown';

@Global()
@Module({
  imports: [ConfigModule.forFeature(httpConfig)],
  controllers: [HealthController],
  providers: [{ provide: GracefulShutdown, useFactory: () => new GracefulShutdown() }],
  exports: [GracefulShutdown],
})
export class HealthModule {}

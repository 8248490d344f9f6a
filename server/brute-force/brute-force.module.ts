import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { bruteForceConfig } from './brute-force.config';
import { BruteForceService } from './brute-force.service';

@Global()
@Module({
  imports: [ConfigModule.forFeature(bruteForceConfig)],
  providers: [BruteForceService],
  exports: [BruteForceService],
})
export class BruteForceModule {}

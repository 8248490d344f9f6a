import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ActivityController } from './activity.controller';
import { auditConfig } from './audit.config';
import { AuditService } from './audit.service';

/** Reading the audit log (the user's activity, a contract's security log) and its retention. */
@Module({
  imports: [ConfigModule.forFeature(auditConfig)],
  controllers: [ActivityController],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}

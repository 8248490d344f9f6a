import { Global, Module } from '@nestjs/common';
import { SECURITY_EVENT_SINK } from '../security-events/security-event';
import { AuditLogSink } from './audit-log.sink';
import { AuditRepository } from './audit.repository';

/**
 * The audit log as the security events' primary sink (SECURITY_EVENT_SINK): every entry point
 * that records events (the server, the CLI) includes it.
 */
@Global()
@Module({
  providers: [AuditRepository, { provide: SECURITY_EVENT_SINK, useClass: AuditLogSink }],
  exports: [AuditRepository, SECURITY_EVENT_SINK],
})
export class AuditLogModule {}

import { Global, Module } from '@nestjs/common';
import { SECURITY_EVENT_SINK } from './security-event';
import { AuditLogSink } from '../audit/audit-log.sink';
import { SecurityEvents } from './security-events.service';

/** Security events go to the audit log (append-only table) and the JSON log. */
@Global()
@Module({
  providers: [SecurityEvents, { provide: SECURITY_EVENT_SINK, useClass: AuditLogSink }],
  exports: [SecurityEvents],
})
export class SecurityEventsModule {}

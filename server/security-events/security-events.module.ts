import { DynamicModule, Global, Module, type Type } from '@nestjs/common';
import { AUDIT_SINKS, type AuditSink } from './audit-sink';
import { SecurityEvents } from './security-events.service';

/**
 * Security events go to the primary sink (SECURITY_EVENT_SINK: the audit log, provided by
 * AuditLogModule) and then to any further sinks an application adds (`forRoot({ sinks })`).
 */
@Global()
@Module({
  providers: [SecurityEvents, { provide: AUDIT_SINKS, useValue: [] }],
  exports: [SecurityEvents],
})
export class SecurityEventsModule {
  static forRoot(options: { sinks?: Type<AuditSink>[] } = {}): DynamicModule {
    const sinks = options.sinks ?? [];
    return {
      module: SecurityEventsModule,
      providers: [
        ...sinks,
        {
          provide: AUDIT_SINKS,
          useFactory: (...instances: AuditSink[]) => instances,
          inject: sinks,
        },
      ],
    };
  }
}

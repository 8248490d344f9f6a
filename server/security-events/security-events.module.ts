import { Global, Module } from '@nestjs/common';
import { SECURITY_EVENT_SINK } from './security-event';
import { LogSecurityEventSink, SecurityEvents } from './security-events.service';

@Global()
@Module({
  providers: [SecurityEvents, { provide: SECURITY_EVENT_SINK, useClass: LogSecurityEventSink }],
  exports: [SecurityEvents],
})
export class SecurityEventsModule {}

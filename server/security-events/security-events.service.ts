import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SECURITY_EVENT_SINK, type SecurityEvent, type SecurityEventSink } from './security-event';

/** Emits security events to the configured sink. */
@Injectable()
export class SecurityEvents {
  constructor(@Inject(SECURITY_EVENT_SINK) private readonly sink: SecurityEventSink) {}

  emit(event: SecurityEvent, manager?: EntityManager): Promise<void> {
    return this.sink.record(event, manager);
  }
}

/** The default sink: one JSON log line per event. */
@Injectable()
export class LogSecurityEventSink implements SecurityEventSink {
  private readonly logger = new Logger('SecurityEvent');

  record(event: SecurityEvent): Promise<void> {
    this.logger.log({ msg: 'security event', ...event });
    return Promise.resolve();
  }
}

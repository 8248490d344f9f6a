import { Inject, Injectable } from '@nestjs/common';
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

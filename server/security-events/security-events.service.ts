import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type RecordedInStatement,
  SECURITY_EVENT_SINK,
  type SecurityEvent,
  type SecurityEventSink,
} from './security-event';

/** Emits security events to the configured sink. */
@Injectable()
export class SecurityEvents {
  constructor(@Inject(SECURITY_EVENT_SINK) private readonly sink: SecurityEventSink) {}

  emit(event: SecurityEvent, manager?: EntityManager): Promise<void> {
    return this.sink.record(event, manager);
  }

  /** `event` recorded by the caller's own statement (see SecurityEventSink.inStatement). */
  inStatement(event: SecurityEvent, source: string, firstParam: number): RecordedInStatement {
    return this.sink.inStatement(event, source, firstParam);
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AUDIT_SINKS, type AuditSink } from './audit-sink';
import {
  type RecordedInStatement,
  SECURITY_EVENT_SINK,
  type SecurityEvent,
  type SecurityEventSink,
} from './security-event';

/** Emits security events to the audit log, then to the sinks an application added. */
@Injectable()
export class SecurityEvents {
  private readonly logger = new Logger('SecurityEvents');

  constructor(
    @Inject(SECURITY_EVENT_SINK) private readonly sink: SecurityEventSink,
    @Inject(AUDIT_SINKS) private readonly sinks: AuditSink[],
  ) {}

  async emit(event: SecurityEvent, manager?: EntityManager): Promise<void> {
    await this.sink.record(event, manager);
    await this.tellSinks(event);
  }

  /** `event` recorded by the caller's own statement (see SecurityEventSink.inStatement). */
  inStatement(event: SecurityEvent, source: string, firstParam: number): RecordedInStatement {
    const recorded = this.sink.inStatement(event, source, firstParam);
    return {
      ...recorded,
      written: () => {
        recorded.written();
        void this.tellSinks(event);
      },
    };
  }

  private async tellSinks(event: SecurityEvent): Promise<void> {
    for (const sink of this.sinks) {
      try {
        await sink.record(event);
      } catch (error) {
        this.logger.error(
          { msg: 'an audit sink failed', sink: sink.constructor.name, kind: event.kind },
          error instanceof Error ? error.stack : String(error),
        );
      }
    }
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AUDIT_SINKS, type AuditSink } from './audit-sink';
import {
  type RecordedInStatement,
  SECURITY_EVENT_SINK,
  type SecurityEvent,
  type SecurityEventSink,
} from './security-event';

/**
 * Told of every event once the audit log has written it, at once and synchronously (the metrics
 * count sign-ins this way); unlike the audit sinks an application adds, not a setting.
 */
export type SecurityEventListener = (event: SecurityEvent) => void;

/** Emits security events to the audit log, then to the listeners and the sinks an application added. */
@Injectable()
export class SecurityEvents {
  private readonly logger = new Logger('SecurityEvents');
  private readonly listeners = new Set<SecurityEventListener>();

  constructor(
    @Inject(SECURITY_EVENT_SINK) private readonly sink: SecurityEventSink,
    @Inject(AUDIT_SINKS) private readonly sinks: AuditSink[],
  ) {}

  async emit(event: SecurityEvent, manager?: EntityManager): Promise<void> {
    await this.sink.record(event, manager);
    this.notify(event);
    await this.tellSinks(event);
  }

  /** `event` recorded by the caller's own statement (see SecurityEventSink.inStatement). */
  inStatement(event: SecurityEvent, source: string, firstParam: number): RecordedInStatement {
    const recorded = this.sink.inStatement(event, source, firstParam);
    return {
      ...recorded,
      written: () => {
        recorded.written();
        this.notify(event);
        void this.tellSinks(event);
      },
    };
  }

  /** Adds a listener; the answer removes it. A listener that throws never fails the emitter. */
  listen(listener: SecurityEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(event: SecurityEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // An observer's fault is its own: the event is recorded already.
      }
    }
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

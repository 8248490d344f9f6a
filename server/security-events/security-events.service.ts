import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type RecordedInStatement,
  SECURITY_EVENT_SINK,
  type SecurityEvent,
  type SecurityEventSink,
} from './security-event';

/** Told of every event once the sink has written it (the metrics count sign-ins this way). */
export type SecurityEventListener = (event: SecurityEvent) => void;

/** Emits security events to the configured sink, then to the listeners. */
@Injectable()
export class SecurityEvents {
  private readonly listeners = new Set<SecurityEventListener>();

  constructor(@Inject(SECURITY_EVENT_SINK) private readonly sink: SecurityEventSink) {}

  async emit(event: SecurityEvent, manager?: EntityManager): Promise<void> {
    await this.sink.record(event, manager);
    this.notify(event);
  }

  /** `event` recorded by the caller's own statement (see SecurityEventSink.inStatement). */
  inStatement(event: SecurityEvent, source: string, firstParam: number): RecordedInStatement {
    const recorded = this.sink.inStatement(event, source, firstParam);
    return {
      ...recorded,
      written: () => {
        recorded.written();
        this.notify(event);
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
}

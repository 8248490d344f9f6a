import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  RecordedInStatement,
  SecurityEvent,
  SecurityEventSink,
} from '../security-events/security-event';
import { AuditRepository } from './audit.repository';

/**
 * Writes every security event to the append-only `audit_events` table — in the transaction of the
 * change it records when there is one, so the record and the change commit or roll back together —
 * and, once written, to the JSON log as well.
 */
@Injectable()
export class AuditLogSink implements SecurityEventSink {
  private readonly logger = new Logger('Audit');

  constructor(private readonly repository: AuditRepository) {}

  async record(event: SecurityEvent, manager?: EntityManager): Promise<void> {
    await this.repository.insert(event, manager);
    this.written(event);
  }

  inStatement(event: SecurityEvent, source: string, firstParam: number): RecordedInStatement {
    return {
      ...this.repository.insertFrom(event, source, firstParam),
      written: () => this.written(event),
    };
  }

  private written(event: SecurityEvent): void {
    this.logger.log({ msg: 'security event', ...event });
  }
}

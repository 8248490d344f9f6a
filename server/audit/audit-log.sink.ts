import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type {
  RecordedInStatement,
  SecurityEvent,
  SecurityEventSink,
} from '../security-events/security-event';

const COLUMNS = `(kind, actor_kind, actor_user_id, actor_username, target_user_id, target_username,
                  organization_id, ip_address, user_agent, detail)`;
// Explicit types: in INSERT ... SELECT the parameters have no column to take their type from.
const TYPES = [
  'varchar',
  'varchar',
  'uuid',
  'varchar',
  'uuid',
  'varchar',
  'uuid',
  'varchar',
  'varchar',
  'jsonb',
];

function valuesOf(event: SecurityEvent): unknown[] {
  return [
    event.kind,
    event.actor.kind,
    event.actor.userId ?? null,
    event.actor.username ?? null,
    event.target?.userId ?? null,
    event.target?.username ?? null,
    event.organizationId ?? null,
    event.client?.ipAddress ?? null,
    event.client?.userAgent ?? null,
    JSON.stringify(event.detail ?? {}),
  ];
}

function parameters(first: number): string {
  return TYPES.map((type, i) => `$${first + i}::${type}`).join(', ');
}

/**
 * Writes every security event to the append-only `audit_events` table — in the transaction of the
 * change it records when there is one, so the record and the change commit or roll back together —
 * and, once written, to the JSON log as well.
 */
@Injectable()
export class AuditLogSink implements SecurityEventSink {
  private readonly logger = new Logger('Audit');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(
    event: SecurityEvent,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO audit_events ${COLUMNS} VALUES (${parameters(1)})`,
      valuesOf(event),
    );
    this.written(event);
  }

  inStatement(event: SecurityEvent, source: string, firstParam: number): RecordedInStatement {
    return {
      sql: `INSERT INTO audit_events ${COLUMNS} SELECT ${parameters(firstParam)} FROM ${source}`,
      values: valuesOf(event),
      written: () => this.written(event),
    };
  }

  private written(event: SecurityEvent): void {
    this.logger.log({ msg: 'security event', ...event });
  }
}

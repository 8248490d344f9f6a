import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { SecurityEvent, SecurityEventSink } from '../security-events/security-event';

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
      `INSERT INTO audit_events (kind, actor_kind, actor_user_id, actor_username, target_user_id,
                                 target_username, organization_id, ip_address, user_agent, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
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
      ],
    );
    this.logger.log({ msg: 'security event', ...event });
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { escapeLike } from '../database/like';
import type { SecurityEvent } from '../security-events/security-event';

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

export interface ActivityRow {
  occurred_at: Date;
  kind: string;
  actor_kind: string;
  actor_user_id: string | null;
  actor_username: string | null;
  ip_address: string | null;
  user_agent: string | null;
  detail: Record<string, unknown>;
}

export interface ContractEventRow {
  id: string;
  occurred_at: Date;
  kind: string;
  actor_kind: string;
  actor_username: string | null;
  target_username: string | null;
  ip_address: string | null;
  user_agent: string | null;
  detail: Record<string, unknown>;
}

/** Which of a contract's events: all filters optional, dates whole days in `timeZone`. */
export interface ContractEventFilter {
  organizationId: string;
  /** An event kind, or a family of them (`account` for every `account.*`). */
  kind?: string;
  /** The actor's or the target's username, regardless of case. */
  username?: string;
  from?: string;
  to?: string;
  timeZone: string;
  page: number;
  pageSize: number;
}

/** Every statement on the append-only `audit_events`. */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(event: SecurityEvent, manager: EntityManager = this.dataSource.manager) {
    await manager.query(
      `INSERT INTO audit_events ${COLUMNS} VALUES (${parameters(1)})`,
      valuesOf(event),
    );
  }

  /** A data-modifying statement for a WITH clause: the event once for each row of `source`. */
  insertFrom(event: SecurityEvent, source: string, firstParam: number) {
    return {
      sql: `INSERT INTO audit_events ${COLUMNS} SELECT ${parameters(firstParam)} FROM ${source}`,
      values: valuesOf(event),
    };
  }

  recentAbout(userId: string, limit: number): Promise<ActivityRow[]> {
    return this.dataSource.query(
      `SELECT occurred_at, kind, actor_kind, actor_user_id, actor_username, ip_address, user_agent, detail
         FROM audit_events WHERE target_user_id = $1
        ORDER BY occurred_at DESC, id DESC LIMIT $2`,
      [userId, limit],
    );
  }

  /** Removes events older than `days`; the table's trigger refuses any other deletion. */
  deleteOlderThan(days: number): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT set_config('tobira.audit_retention_days', $1, true)`, [
        String(days),
      ]);
      const [, removed]: [unknown, number] = await manager.query(
        `DELETE FROM audit_events WHERE occurred_at < now() - make_interval(days => $1)`,
        [days],
      );
      return removed;
    });
  }

  /**
   * A page of one contract's events, newest first, and how many match: every query is bounded by
   * the contract, read through the (organization_id, occurred_at) index.
   */
  async contractPage(
    filter: ContractEventFilter,
  ): Promise<{ rows: ContractEventRow[]; total: number }> {
    const params: unknown[] = [filter.organizationId];
    const where = ['organization_id = $1'];
    if (filter.kind) {
      params.push(filter.kind, `${escapeLike(filter.kind)}.%`);
      where.push(`(kind = $${params.length - 1} OR kind LIKE $${params.length})`);
    }
    if (filter.username) {
      params.push(filter.username.toLowerCase());
      const p = `$${params.length}`;
      where.push(`(lower(actor_username) = ${p} OR lower(target_username) = ${p})`);
    }
    if (filter.from) {
      params.push(filter.from, filter.timeZone);
      where.push(
        `occurred_at >= ($${params.length - 1}::date)::timestamp AT TIME ZONE $${params.length}`,
      );
    }
    if (filter.to) {
      params.push(filter.to, filter.timeZone);
      where.push(
        `occurred_at < ($${params.length - 1}::date + 1)::timestamp AT TIME ZONE $${params.length}`,
      );
    }
    const condition = where.join(' AND ');
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<ContractEventRow[]>(
        `SELECT id::text AS id, occurred_at, kind, actor_kind, actor_username, target_username,
                ip_address, user_agent, detail
           FROM audit_events WHERE ${condition}
          ORDER BY occurred_at DESC, id DESC
          LIMIT ${filter.pageSize} OFFSET ${(filter.page - 1) * filter.pageSize}`,
        params,
      ),
      this.dataSource.query<{ total: string }[]>(
        `SELECT count(*) AS total FROM audit_events WHERE ${condition}`,
        params,
      ),
    ]);
    return { rows, total: Number(total) };
  }
}

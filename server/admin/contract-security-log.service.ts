import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError, type FieldProblem } from '../http/app-error';
import { isIsoDate } from '../users/account-dates';
import { usersConfig } from '../users/users.config';
import type {
  SecurityLogEventDto,
  SecurityLogPageDto,
  SecurityLogQueryDto,
} from './dto/security-log.dto';

interface EventRow {
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

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The administrators' security log (セキュリティログ): the audit events of one contract, newest
 * first. Every query is bounded by the contract, read through the (organization_id, occurred_at)
 * index.
 */
@Injectable()
export class ContractSecurityLog {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(usersConfig.KEY) private readonly config: ConfigType<typeof usersConfig>,
  ) {}

  async page(organizationId: string, query: SecurityLogQueryDto): Promise<SecurityLogPageDto> {
    const problems: FieldProblem[] = [];
    for (const field of ['from', 'to'] as const) {
      const value = query[field];
      if (value !== undefined && !isIsoDate(value)) problems.push({ field, code: 'DATE_INVALID' });
    }
    if (problems.length === 0 && query.from && query.to && query.from > query.to) {
      problems.push({ field: 'to', code: 'DATE_BEFORE_FROM' });
    }
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', problems);

    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const params: unknown[] = [organizationId];
    const where = ['organization_id = $1'];
    if (query.kind) {
      params.push(query.kind, `${escapeLike(query.kind)}.%`);
      where.push(`(kind = $${params.length - 1} OR kind LIKE $${params.length})`);
    }
    if (query.username) {
      params.push(query.username.toLowerCase());
      const p = `$${params.length}`;
      where.push(`(lower(actor_username) = ${p} OR lower(target_username) = ${p})`);
    }
    // Whole days in the service's time zone.
    if (query.from) {
      params.push(query.from, this.config.timeZone);
      where.push(
        `occurred_at >= ($${params.length - 1}::date)::timestamp AT TIME ZONE $${params.length}`,
      );
    }
    if (query.to) {
      params.push(query.to, this.config.timeZone);
      where.push(
        `occurred_at < ($${params.length - 1}::date + 1)::timestamp AT TIME ZONE $${params.length}`,
      );
    }
    const condition = where.join(' AND ');
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<EventRow[]>(
        `SELECT id::text AS id, occurred_at, kind, actor_kind, actor_username, target_username,
                ip_address, user_agent, detail
           FROM audit_events WHERE ${condition}
          ORDER BY occurred_at DESC, id DESC
          LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
        params,
      ),
      this.dataSource.query<{ total: string }[]>(
        `SELECT count(*) AS total FROM audit_events WHERE ${condition}`,
        params,
      ),
    ]);
    return { items: rows.map(toDto), total: Number(total), page, pageSize };
  }
}

function toDto(row: EventRow): SecurityLogEventDto {
  return {
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    kind: row.kind,
    actorKind: row.actor_kind,
    actorUsername: row.actor_username,
    targetUsername: row.target_username,
    ipAddress: row.ip_address,
    userAgent: row.user_agent,
    detail: row.detail,
  };
}

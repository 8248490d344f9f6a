import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { ContractEventRow } from '../audit/audit.repository';
import { AuditService } from '../audit/audit.service';
import { AppError, type FieldProblem } from '../http/app-error';
import { describeUserAgent } from '../http/user-agent';
import { isIsoDate } from '../users/account-dates';
import { usersConfig } from '../users/users.config';
import type {
  SecurityLogEventDto,
  SecurityLogPageDto,
  SecurityLogQueryDto,
} from './dto/security-log.dto';
import { adminFieldProblem } from './admin.errors';

/**
 * The administrators' security log (セキュリティログ): the audit events of one contract, newest
 * first, filtered as the administrator asked.
 */
@Injectable()
export class ContractSecurityLog {
  constructor(
    private readonly audit: AuditService,
    @Inject(usersConfig.KEY) private readonly config: ConfigType<typeof usersConfig>,
  ) {}

  async page(organizationId: string, query: SecurityLogQueryDto): Promise<SecurityLogPageDto> {
    const problems: FieldProblem[] = [];
    for (const field of ['from', 'to'] as const) {
      const value = query[field];
      if (value !== undefined && !isIsoDate(value))
        problems.push(adminFieldProblem('DATE_INVALID', field));
    }
    if (problems.length === 0 && query.from && query.to && query.from > query.to) {
      problems.push(adminFieldProblem('DATE_BEFORE_FROM', 'to'));
    }
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', problems);

    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const { rows, total } = await this.audit.contractEvents({
      organizationId,
      kind: query.kind,
      username: query.username,
      from: query.from,
      to: query.to,
      // Whole days in the service's time zone.
      timeZone: this.config.timeZone,
      page,
      pageSize,
    });
    return { items: rows.map(toDto), total, page, pageSize };
  }
}

function toDto(row: ContractEventRow): SecurityLogEventDto {
  return {
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    kind: row.kind,
    actorKind: row.actor_kind,
    actorUsername: row.actor_username,
    targetUsername: row.target_username,
    ipAddress: row.ip_address,
    userAgent: row.user_agent,
    device: describeUserAgent(row.user_agent),
    detail: row.detail,
  };
}

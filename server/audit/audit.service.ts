import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { PeriodicTask } from '../database/periodic-task';
import { describeUserAgent } from '../http/user-agent';
import { auditConfig } from './audit.config';
import {
  AuditRepository,
  type ContractEventFilter,
  type ContractEventRow,
} from './audit.repository';
import type { ActivityDto } from './dto/activity.dto';

const DAY_MS = 24 * 60 * 60 * 1000;

@Injectable()
export class AuditService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly retention = new PeriodicTask(
    'audit retention',
    DAY_MS,
    async () => {
      const removed = await this.purgeExpired();
      return removed > 0 ? { removed } : null;
    },
    new Logger('Audit'),
  );

  constructor(
    private readonly repository: AuditRepository,
    @Inject(auditConfig.KEY) private readonly config: ConfigType<typeof auditConfig>,
  ) {}

  /** The events about one account, newest first: its sign-ins (and failed attempts), changes, and what administrators did to it. */
  async recentActivity(userId: string, limit = 50): Promise<ActivityDto[]> {
    const rows = await this.repository.recentAbout(userId, limit);
    return rows.map((row) => ({
      occurredAt: row.occurred_at.toISOString(),
      kind: row.kind,
      actorKind: row.actor_kind,
      actorUsername: row.actor_user_id === userId ? null : row.actor_username,
      ipAddress: row.ip_address,
      userAgent: row.user_agent,
      device: describeUserAgent(row.user_agent),
      detail: row.detail,
    }));
  }

  /** Removes events past the retention period; the table's trigger refuses any other deletion. */
  async purgeExpired(): Promise<number> {
    const days = this.config.retentionDays;
    if (days === 0) return 0;
    return this.repository.deleteOlderThan(days);
  }

  /** A page of one contract's events, newest first (the administrators' security log). */
  contractEvents(
    filter: ContractEventFilter,
  ): Promise<{ rows: ContractEventRow[]; total: number }> {
    return this.repository.contractPage(filter);
  }

  // Any instance may run it; deleting what another already deleted is harmless.
  onApplicationBootstrap(): void {
    this.retention.start();
  }

  // Before the database connections close (TypeORM closes them on shutdown).
  async beforeApplicationShutdown(): Promise<void> {
    await this.retention.stop();
  }
}

import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PeriodicTask } from '../database/periodic-task';
import { auditConfig } from './audit.config';
import type { ActivityDto } from './dto/activity.dto';

interface ActivityRow {
  occurred_at: Date;
  kind: string;
  actor_kind: string;
  actor_user_id: string | null;
  actor_username: string | null;
  ip_address: string | null;
  user_agent: string | null;
  detail: Record<string, unknown>;
}

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
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(auditConfig.KEY) private readonly config: ConfigType<typeof auditConfig>,
  ) {}

  /** The events about one account, newest first: its sign-ins (and failed attempts), changes, and what administrators did to it. */
  async recentActivity(userId: string, limit = 50): Promise<ActivityDto[]> {
    const rows: ActivityRow[] = await this.dataSource.query(
      `SELECT occurred_at, kind, actor_kind, actor_user_id, actor_username, ip_address, user_agent, detail
         FROM audit_events WHERE target_user_id = $1
        ORDER BY occurred_at DESC, id DESC LIMIT $2`,
      [userId, limit],
    );
    return rows.map((row) => ({
      occurredAt: row.occurred_at.toISOString(),
      kind: row.kind,
      actorKind: row.actor_kind,
      actorUsername: row.actor_user_id === userId ? null : row.actor_username,
      ipAddress: row.ip_address,
      userAgent: row.user_agent,
      detail: row.detail,
    }));
  }

  /** Removes events past the retention period; the table's trigger refuses any other deletion. */
  async purgeExpired(): Promise<number> {
    const days = this.config.retentionDays;
    if (days === 0) return 0;
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

  // Any instance may run it; deleting what another already deleted is harmless.
  onApplicationBootstrap(): void {
    this.retention.start();
  }

  // Before the database connections close (TypeORM closes them on shutdown).
  async beforeApplicationShutdown(): Promise<void> {
    await this.retention.stop();
  }
}

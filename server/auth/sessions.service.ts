import { hash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import type { StatementPart } from '../brute-force/brute-force.service';
import { BatchedLookup } from '../database/batched-lookup';
import { pgPool } from '../database/pg-pool';
import { AppError } from '../http/app-error';
import { MFA_PENDING_MS } from '../mfa/mfa-sign-in';
import type { SecurityEvent } from '../security-events/security-event';
import { SecurityEvents } from '../security-events/security-events.service';
import { isAccountExpired } from '../users/account-dates';
import type { Role } from '../users/user.entity';
import { usersConfig } from '../users/users.config';
import { authConfig } from './auth.config';
import type { Principal } from './authenticated-request';
import type { EndedSessionsDto, SessionSummaryDto } from './dto/session-summary.dto';
import { summarizeUserAgent } from './user-agent';

export interface ClientInfo {
  ipAddress: string | null;
  userAgent: string | null;
}

interface SessionRow {
  token_hash: Buffer;
  session_id: string;
  user_id: string;
  username: string;
  role: Role;
  organization_id: string;
  expires_on: string | null;
  password_is_temporary: boolean;
  disabled: boolean;
  // Whole milliseconds since the epoch, as a Date holds them: a float8 is parsed with parseFloat, a
  // timestamptz into a Date by a parser that was 2 % of the session check's event-loop time.
  last_seen_ms: number;
  absolute_expires_ms: number;
  mfa_pending_until_ms: number | null;
}

const EPOCH_MS = (column: string, as: string) =>
  `floor(extract(epoch FROM ${column}) * 1000)::float8 AS ${as}`;

// Writing last_seen_at on every request would make every read a write; a minute is precise enough
// against a 30-minute idle timeout.
const LAST_SEEN_RESOLUTION_MS = 60_000;

export function hashToken(token: string): Buffer {
  return hash('sha256', token, 'buffer');
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
    @Inject(usersConfig.KEY) private readonly users: ConfigType<typeof usersConfig>,
    private readonly events: SecurityEvents,
  ) {}

  private get pool(): Pool {
    return pgPool(this.dataSource);
  }

  /**
   * The hot path of every request: straight to node-pg's pool as a named prepared statement (planned
   * once per connection, TypeORM's per-query runner skipped), and lookups that arrive together share
   * one query (see BatchedLookup).
   */
  private readonly lookup = new BatchedLookup<SessionRow>(
    async (hashes) =>
      (
        await this.pool.query<SessionRow>({
          name: 'tobira_authenticate_sessions',
          text: `SELECT s.token_hash, s.id AS session_id, s.user_id,
                  ${EPOCH_MS('s.last_seen_at', 'last_seen_ms')},
                  ${EPOCH_MS('s.absolute_expires_at', 'absolute_expires_ms')},
                  ${EPOCH_MS('s.mfa_pending_until', 'mfa_pending_until_ms')},
                  u.username, u.role, u.organization_id,
                  -- LEAST ignores NULL: the contract's end counts when it comes first or alone.
                  to_char(LEAST(u.expires_on, o.service_ends_on), 'YYYY-MM-DD') AS expires_on,
                  u.password_is_temporary, u.disabled
             FROM sessions s JOIN users u ON u.id = s.user_id
             JOIN organizations o ON o.id = u.organization_id
            WHERE s.token_hash = ANY($1::bytea[])`,
          values: [hashes],
        })
      ).rows,
    (row) => row.token_hash,
  );

  /**
   * Starts the session of a sign-in and returns its token, which exists only in the caller's cookie
   * from now on. With `mfaPending` the session first waits MFA_PENDING_MS for its code and can do
   * nothing else. One statement, one round trip, also stamps the account's last sign-in and records
   * `event` (when given) in the audit log: they all happen or none does.
   */
  async create(
    userId: string,
    client: ClientInfo,
    {
      mfaPending = false,
      event,
      settle,
    }: {
      mfaPending?: boolean;
      event?: SecurityEvent;
      /** More of the sign-in's bookkeeping in the same statement (the attempt gate's settlement). */
      settle?: (firstParam: number) => StatementPart;
    } = {},
  ): Promise<string> {
    const token = newToken();
    const audit = event ? this.events.inStatement(event, 'started', 7) : null;
    const settled = settle?.(7 + (audit?.values.length ?? 0));
    const ctes = [
      `signed_in AS (UPDATE users SET last_sign_in_at = now() WHERE id = $1 RETURNING id)`,
      `started AS (
         INSERT INTO sessions (user_id, token_hash, absolute_expires_at, ip_address,
                               user_agent, mfa_pending_until)
         SELECT id, $2, now() + make_interval(secs => $3::double precision), $4, $5,
                now() + make_interval(secs => $6::double precision)
           FROM signed_in
         RETURNING id)`,
      ...(audit ? [`recorded AS (${audit.sql})`] : []),
      ...(settled?.ctes ?? []),
    ];
    const { rows } = await this.pool.query<{ started: number }>({
      name: `tobira_start_session${audit ? '_recorded' : ''}${settled ? '_settled' : ''}`,
      text: `WITH ${ctes.join(',\n')}
             SELECT count(*)::int AS started FROM started`,
      values: [
        userId,
        hashToken(token),
        this.config.absoluteTimeoutMs / 1000,
        client.ipAddress,
        client.userAgent,
        mfaPending ? MFA_PENDING_MS / 1000 : null,
        ...(audit?.values ?? []),
        ...(settled?.values ?? []),
      ],
    });
    if (rows[0].started !== 1) throw new Error(`no account ${userId} to start a session for`);
    audit?.written();
    return token;
  }

  /** The principal for a token, or null when the session is unknown, timed out or its account unusable. */
  async authenticate(token: string, now = new Date()): Promise<Principal | null> {
    const row = await this.lookup.find(hashToken(token));
    if (!row) return null;
    const nowMs = now.getTime();
    const idleFor = nowMs - row.last_seen_ms;
    if (
      idleFor > this.config.idleTimeoutMs ||
      nowMs >= row.absolute_expires_ms ||
      (row.mfa_pending_until_ms !== null && nowMs >= row.mfa_pending_until_ms) ||
      row.disabled ||
      isAccountExpired(row.expires_on, this.users.timeZone, now)
    ) {
      await this.revoke(row.session_id);
      return null;
    }
    if (idleFor > LAST_SEEN_RESOLUTION_MS) {
      await this.dataSource.query('UPDATE sessions SET last_seen_at = now() WHERE id = $1', [
        row.session_id,
      ]);
    }
    return {
      sessionId: row.session_id,
      userId: row.user_id,
      username: row.username,
      role: row.role,
      organizationId: row.organization_id,
      expiresOn: row.expires_on,
      passwordIsTemporary: row.password_is_temporary,
      mfaPending: row.mfa_pending_until_ms !== null,
    };
  }

  /** Gives the session a new token (the old one stops working at once) and returns it. */
  async renew(
    sessionId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string> {
    const token = newToken();
    await manager.query('UPDATE sessions SET token_hash = $2, last_seen_at = now() WHERE id = $1', [
      sessionId,
      hashToken(token),
    ]);
    return token;
  }

  async revoke(sessionId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query('DELETE FROM sessions WHERE id = $1', [sessionId]);
  }

  async revokeByToken(token: string): Promise<void> {
    await this.dataSource.query('DELETE FROM sessions WHERE token_hash = $1', [hashToken(token)]);
  }

  async revokeOthers(
    userId: string,
    keepSessionId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query('DELETE FROM sessions WHERE user_id = $1 AND id <> $2', [
      userId,
      keepSessionId,
    ]);
  }

  /**
   * Deletes the sessions that can no longer be used: past the absolute timeout, idle too long, or
   * past the wait for their MFA code (the rules of `authenticate`, which otherwise deletes one
   * only when its token comes back). Without this a browser that is simply closed leaves its row,
   * with the address and user agent, for ever. In batches, skipping rows another instance is
   * deleting; answers how many were deleted.
   */
  async purgeExpired(batchSize = 5000): Promise<number> {
    let deleted = 0;
    for (;;) {
      const [, count]: [unknown, number] = await this.dataSource.query(
        // = ANY(ARRAY(…)), not IN (…): the batch is then deleted through the primary key; IN was
        // planned as a hash join over the whole table, once per batch (128 against 33 ms for
        // 5,000 of 1,000,000 rows, measured).
        `DELETE FROM sessions WHERE id = ANY(ARRAY(
           SELECT id FROM sessions
            WHERE absolute_expires_at <= now()
               OR last_seen_at < now() - make_interval(secs => $1)
               OR mfa_pending_until <= now()
            LIMIT $2 FOR UPDATE SKIP LOCKED))`,
        [this.config.idleTimeoutMs / 1000, batchSize],
      );
      deleted += count;
      if (count < batchSize) return deleted;
    }
  }

  /** The user's live sessions, newest activity first (timed-out ones are not shown). */
  async listForUser(principal: Principal): Promise<SessionSummaryDto[]> {
    const rows: {
      id: string;
      created_at: Date;
      last_seen_at: Date;
      ip_address: string | null;
      user_agent: string | null;
    }[] = await this.dataSource.query(
      `SELECT id, created_at, last_seen_at, ip_address, user_agent FROM sessions
        WHERE user_id = $1 AND absolute_expires_at > now()
          AND last_seen_at > now() - make_interval(secs => $2)
        ORDER BY last_seen_at DESC, created_at DESC`,
      [principal.userId, this.config.idleTimeoutMs / 1000],
    );
    return rows.map((row) => ({
      id: row.id,
      current: row.id === principal.sessionId,
      ...summarizeUserAgent(row.user_agent),
      ipAddress: row.ip_address,
      signedInAt: row.created_at.toISOString(),
      lastActiveAt: row.last_seen_at.toISOString(),
    }));
  }

  /** Ends one of the user's own sessions; another account's session is as unknown as a made-up id. */
  async endOwn(
    principal: Principal,
    sessionId: string,
    client: ClientInfo,
  ): Promise<EndedSessionsDto> {
    return this.dataSource.transaction(async (manager) => {
      const [, ended]: [unknown, number] = await manager.query(
        'DELETE FROM sessions WHERE id = $1 AND user_id = $2',
        [sessionId, principal.userId],
      );
      if (ended === 0) throw new AppError('NOT_FOUND');
      await this.events.emit(
        {
          kind: 'session.ended',
          actor: { kind: 'user', userId: principal.userId, username: principal.username },
          target: { userId: principal.userId, username: principal.username },
          organizationId: principal.organizationId,
          detail: { scope: sessionId === principal.sessionId ? 'this' : 'one', ended },
          client,
        },
        manager,
      );
      return { ended };
    });
  }

  async endOthers(principal: Principal, client: ClientInfo): Promise<EndedSessionsDto> {
    return this.dataSource.transaction(async (manager) => {
      const [, ended]: [unknown, number] = await manager.query(
        'DELETE FROM sessions WHERE user_id = $1 AND id <> $2',
        [principal.userId, principal.sessionId],
      );
      await this.events.emit(
        {
          kind: 'session.ended',
          actor: { kind: 'user', userId: principal.userId, username: principal.username },
          target: { userId: principal.userId, username: principal.username },
          organizationId: principal.organizationId,
          detail: { scope: 'others', ended },
          client,
        },
        manager,
      );
      return { ended };
    });
  }
}

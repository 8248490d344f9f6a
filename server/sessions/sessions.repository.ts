import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import type { StatementPart } from '../brute-force/brute-force.service';
import { BatchedLookup } from '../database/batched-lookup';
import { pgPool } from '../database/pg-pool';
import { accountEndsOnSql } from '../organizations/contract-dates.sql';
import type { Role } from '../users/user.entity';
import { stampSignInSql } from '../users/users.sql';
import { MFA_MAX_FAILED_ATTEMPTS } from './mfa-pending';
import type { SecondFactor, SessionSignIn, SignInMethod } from './sign-in-factors';

export interface SessionRow {
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
  // timestamptz into a Date by a parser that costs a noticeable share of the session check.
  last_seen_ms: number;
  absolute_expires_ms: number;
  mfa_pending_until_ms: number | null;
}

export interface LiveSessionRow {
  id: string;
  created_at: Date;
  last_seen_at: Date;
  ip_address: string | null;
  user_agent: string | null;
}

export interface NewSession {
  userId: string;
  tokenHash: Buffer;
  absoluteSeconds: number;
  ipAddress: string | null;
  userAgent: string | null;
  /** Seconds the session waits for its MFA code, or null when it does not. */
  mfaPendingSeconds: number | null;
  method: SignInMethod;
}

/** The number of the first parameter of the CTEs a caller adds to the start of a session. */
export const SESSION_START_EXTRA_PARAM = 8;

const EPOCH_MS = (column: string, as: string) =>
  `floor(extract(epoch FROM ${column}) * 1000)::float8 AS ${as}`;

/** Every statement on `sessions`. Hand-tuned where a request's latency depends on it. */
@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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
                  to_char(${accountEndsOnSql('u', 'o')}, 'YYYY-MM-DD') AS expires_on,
                  u.password_is_temporary, u.disabled
             FROM sessions s JOIN users u ON u.id = s.user_id
             JOIN organizations o ON o.id = u.organization_id
            WHERE s.token_hash = ANY($1::bytea[])`,
          values: [hashes],
        })
      ).rows,
    (row) => row.token_hash,
  );

  findByTokenHash(tokenHash: Buffer): Promise<SessionRow | undefined> {
    return this.lookup.find(tokenHash);
  }

  /**
   * Inserts the session and stamps the account's sign-in in one statement, with `extra` (the audit
   * record, the attempt gate's settlement; parameters from SESSION_START_EXTRA_PARAM) as further
   * CTEs over `started`. Answers how many sessions started: 0 when the account does not exist.
   */
  async start(session: NewSession, name: string, extra: StatementPart): Promise<number> {
    const ctes = [
      `signed_in AS (${stampSignInSql('$1')})`,
      `started AS (
         INSERT INTO sessions (user_id, token_hash, absolute_expires_at, ip_address,
                               user_agent, mfa_pending_until, sign_in_method)
         SELECT id, $2, now() + make_interval(secs => $3::double precision), $4, $5,
                now() + make_interval(secs => $6::double precision), $7
           FROM signed_in
         RETURNING id)`,
      ...extra.ctes,
    ];
    const { rows } = await this.pool.query<{ started: number }>({
      name,
      text: `WITH ${ctes.join(',\n')}
             SELECT count(*)::int AS started FROM started`,
      values: [
        session.userId,
        session.tokenHash,
        session.absoluteSeconds,
        session.ipAddress,
        session.userAgent,
        session.mfaPendingSeconds,
        session.method,
        ...extra.values,
      ],
    });
    return rows[0].started;
  }

  async touch(sessionId: string): Promise<void> {
    await this.dataSource.query('UPDATE sessions SET last_seen_at = now() WHERE id = $1', [
      sessionId,
    ]);
  }

  async replaceToken(
    sessionId: string,
    tokenHash: Buffer,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query('UPDATE sessions SET token_hash = $2, last_seen_at = now() WHERE id = $1', [
      sessionId,
      tokenHash,
    ]);
  }

  async delete(sessionId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query('DELETE FROM sessions WHERE id = $1', [sessionId]);
  }

  async deleteByTokenHash(tokenHash: Buffer): Promise<void> {
    await this.dataSource.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  }

  /** Deletes one session of the account; answers how many (0: not the account's, or gone). */
  async deleteOwn(manager: EntityManager, sessionId: string, userId: string): Promise<number> {
    const [, deleted]: [unknown, number] = await manager.query(
      'DELETE FROM sessions WHERE id = $1 AND user_id = $2',
      [sessionId, userId],
    );
    return deleted;
  }

  /** Deletes the account's sessions but `keepSessionId` (all of them without it); answers how many. */
  async deleteAllOf(
    userId: string,
    manager: EntityManager = this.dataSource.manager,
    keepSessionId?: string,
  ): Promise<number> {
    const [, deleted]: [unknown, number] = keepSessionId
      ? await manager.query('DELETE FROM sessions WHERE user_id = $1 AND id <> $2', [
          userId,
          keepSessionId,
        ])
      : await manager.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
    return deleted;
  }

  /** One batch of sessions past their limits, skipping rows another instance is deleting. */
  async deleteExpired(idleSeconds: number, batchSize: number): Promise<number> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      // = ANY(ARRAY(…)), not IN (…): the batch is then deleted through the primary key; IN was
      // planned as a hash join over the whole table, once per batch (docs/benchmarks.md).
      `DELETE FROM sessions WHERE id = ANY(ARRAY(
         SELECT id FROM sessions
          WHERE absolute_expires_at <= now()
             OR last_seen_at < now() - make_interval(secs => $1)
             OR mfa_pending_until <= now()
          LIMIT $2 FOR UPDATE SKIP LOCKED))`,
      [idleSeconds, batchSize],
    );
    return count;
  }

  listLive(userId: string, idleSeconds: number): Promise<LiveSessionRow[]> {
    return this.dataSource.query(
      `SELECT id, created_at, last_seen_at, ip_address, user_agent FROM sessions
        WHERE user_id = $1 AND absolute_expires_at > now()
          AND last_seen_at > now() - make_interval(secs => $2)
        ORDER BY last_seen_at DESC, created_at DESC`,
      [userId, idleSeconds],
    );
  }

  /**
   * Counts one code on a pending session, before it is checked; answers the count, or one past
   * what may ever be admitted when the session is no longer pending (ended, timed out).
   */
  async countCodeAttempt(sessionId: string): Promise<number> {
    const [rows]: [{ mfa_failed_attempts: number }[], number] = await this.dataSource.query(
      `UPDATE sessions SET mfa_failed_attempts = mfa_failed_attempts + 1
        WHERE id = $1 AND mfa_pending_until > now()
       RETURNING mfa_failed_attempts`,
      [sessionId],
    );
    return rows[0]?.mfa_failed_attempts ?? MFA_MAX_FAILED_ATTEMPTS + 2;
  }

  async uncountCodeAttempt(sessionId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE sessions SET mfa_failed_attempts = GREATEST(mfa_failed_attempts - 1, 0)
        WHERE id = $1 AND mfa_pending_until IS NOT NULL`,
      [sessionId],
    );
  }

  /**
   * Ends the wait for the code, remembering the factor that passed it; false when the wait ran out
   * or the session ended meanwhile.
   */
  async clearPending(
    manager: EntityManager,
    sessionId: string,
    factor: SecondFactor,
  ): Promise<boolean> {
    const [, cleared]: [unknown, number] = await manager.query(
      `UPDATE sessions SET mfa_pending_until = NULL, mfa_failed_attempts = 0, second_factor = $2
        WHERE id = $1 AND mfa_pending_until > now()
       RETURNING id`,
      [sessionId, factor],
    );
    return cleared === 1;
  }

  /** How the account's session `sessionId` was authenticated; null when it is not there. */
  async signInOf(sessionId: string, userId: string): Promise<SessionSignIn | null> {
    const rows: {
      created_at: Date;
      sign_in_method: SignInMethod;
      second_factor: SecondFactor | null;
    }[] = await this.dataSource.query(
      `SELECT created_at, sign_in_method, second_factor FROM sessions
          WHERE id = $1 AND user_id = $2`,
      [sessionId, userId],
    );
    const row = rows[0];
    return row
      ? { startedAt: row.created_at, method: row.sign_in_method, secondFactor: row.second_factor }
      : null;
  }

  /**
   * Counts a use of the account's session `sessionId` as activity, if it is live (past its MFA
   * step, not timed out); answers whether it was.
   */
  async touchIfLive(sessionId: string, userId: string, idleSeconds: number): Promise<boolean> {
    const [, touched]: [unknown, number] = await this.dataSource.query(
      `UPDATE sessions SET last_seen_at = now()
        WHERE id = $1 AND user_id = $2 AND mfa_pending_until IS NULL
          AND absolute_expires_at > now()
          AND last_seen_at > now() - make_interval(secs => $3)`,
      [sessionId, userId, idleSeconds],
    );
    return touched > 0;
  }
}

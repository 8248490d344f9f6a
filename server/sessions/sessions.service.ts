import { hash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { StatementPart } from '../brute-force/brute-force.service';
import { AppError } from '../http/app-error';
import type { ClientInfo } from '../http/client-info';
import { summarizeUserAgent } from '../http/user-agent';
import type { SecurityEvent } from '../security-events/security-event';
import { SecurityEvents } from '../security-events/security-events.service';
import { isAccountExpired } from '../users/account-dates';
import { usersConfig } from '../users/users.config';
import type { Principal } from './authenticated-request';
import { CredentialsRevoked } from './credentials-revoked';
import type { EndedSessionsDto, SessionSummaryDto } from './dto/session-summary.dto';
import { MFA_MAX_FAILED_ATTEMPTS, MFA_PENDING_MS } from './mfa-pending';
import { sessionsConfig } from './sessions.config';
import { SESSION_START_EXTRA_PARAM, SessionsRepository } from './sessions.repository';
import { sessionError } from './sessions.errors';
import type { SecondFactor, SessionSignIn, SignInMethod } from './sign-in-factors';

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
    private readonly repository: SessionsRepository,
    @Inject(sessionsConfig.KEY) private readonly config: ConfigType<typeof sessionsConfig>,
    @Inject(usersConfig.KEY) private readonly users: ConfigType<typeof usersConfig>,
    private readonly events: SecurityEvents,
    private readonly revoked: CredentialsRevoked,
  ) {}

  /**
   * Starts the session of a sign-in and returns its token, which exists only in the caller's cookie
   * from now on. With `mfaPending` the session first waits MFA_PENDING_MS for its code and can do
   * nothing else. One statement, one round trip, also stamps the account's last sign-in and records
   * `event` (when given) in the audit log: they all happen or none does. `method` is how the
   * sign-in began (the password unless told), kept with the session (see `signInOf`).
   */
  async create(
    userId: string,
    client: ClientInfo,
    {
      mfaPending = false,
      method = 'password',
      event,
      settle,
    }: {
      mfaPending?: boolean;
      method?: SignInMethod;
      event?: SecurityEvent;
      /** More of the sign-in's bookkeeping in the same statement (the attempt gate's settlement). */
      settle?: (firstParam: number) => StatementPart;
    } = {},
  ): Promise<string> {
    const token = newToken();
    const first = SESSION_START_EXTRA_PARAM;
    const audit = event ? this.events.inStatement(event, 'started', first) : null;
    const settled = settle?.(first + (audit?.values.length ?? 0));
    const started = await this.repository.start(
      {
        userId,
        tokenHash: hashToken(token),
        absoluteSeconds: this.config.absoluteTimeoutMs / 1000,
        ipAddress: client.ipAddress,
        userAgent: client.userAgent,
        mfaPendingSeconds: mfaPending ? MFA_PENDING_MS / 1000 : null,
        method,
      },
      `tobira_start_session${audit ? '_recorded' : ''}${settled ? '_settled' : ''}`,
      {
        ctes: [...(audit ? [`recorded AS (${audit.sql})`] : []), ...(settled?.ctes ?? [])],
        values: [...(audit?.values ?? []), ...(settled?.values ?? [])],
      },
    );
    if (started !== 1) throw new Error(`no account ${userId} to start a session for`);
    audit?.written();
    return token;
  }

  /** The principal for a token, or null when the session is unknown, timed out or its account unusable. */
  async authenticate(token: string, now = new Date()): Promise<Principal | null> {
    const row = await this.repository.findByTokenHash(hashToken(token));
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
      await this.repository.delete(row.session_id);
      return null;
    }
    if (idleFor > LAST_SEEN_RESOLUTION_MS) await this.repository.touch(row.session_id);
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
  async renew(sessionId: string, manager?: EntityManager): Promise<string> {
    const token = newToken();
    await this.repository.replaceToken(sessionId, hashToken(token), manager);
    return token;
  }

  revoke(sessionId: string, manager?: EntityManager): Promise<void> {
    return this.repository.delete(sessionId, manager);
  }

  revokeByToken(token: string): Promise<void> {
    return this.repository.deleteByTokenHash(hashToken(token));
  }

  async revokeOthers(
    userId: string,
    keepSessionId: string,
    manager?: EntityManager,
  ): Promise<void> {
    await this.repository.deleteAllOf(userId, manager, keepSessionId);
  }

  /** Ends every session of an account (a past expiry, say); answers how many. */
  revokeAll(userId: string, manager?: EntityManager): Promise<number> {
    return this.repository.deleteAllOf(userId, manager);
  }

  /**
   * Ends every session of an account and everything signed in through them (the account disabled,
   * its temporary password reissued, its MFA reset, its sessions ended by an administrator): the
   * CredentialsRevoked listeners are told in the caller's transaction. Answers how many sessions.
   */
  async revokeCredentials(userId: string, manager: EntityManager): Promise<number> {
    const ended = await this.repository.deleteAllOf(userId, manager);
    await this.revoked.notify(userId, manager);
    return ended;
  }

  /** How the account's session was authenticated (its start, method and second factor). */
  signInOf(sessionId: string, userId: string): Promise<SessionSignIn | null> {
    return this.repository.signInOf(sessionId, userId);
  }

  /**
   * Whether the account's session is live (past its MFA step, not timed out), counting this use
   * as activity: what another module relying on a portal session (single sign-on) asks.
   */
  isLive(sessionId: string, userId: string): Promise<boolean> {
    return this.repository.touchIfLive(sessionId, userId, this.config.idleTimeoutMs / 1000);
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
      const count = await this.repository.deleteExpired(
        this.config.idleTimeoutMs / 1000,
        batchSize,
      );
      deleted += count;
      if (count < batchSize) return deleted;
    }
  }

  /** The user's live sessions, newest activity first (timed-out ones are not shown). */
  listForUser(principal: Principal): Promise<SessionSummaryDto[]> {
    return this.listForAccount(principal.userId, principal.sessionId);
  }

  /**
   * An account's live sessions as `listForUser` describes them, for whoever may see them (its
   * contract's administrator): `current` marks the viewer's own session, when it is one of them.
   */
  async listForAccount(userId: string, viewerSessionId: string): Promise<SessionSummaryDto[]> {
    const rows = await this.repository.listLive(userId, this.config.idleTimeoutMs / 1000);
    return rows.map((row) => ({
      id: row.id,
      current: row.id === viewerSessionId,
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
      const ended = await this.repository.deleteOwn(manager, sessionId, principal.userId);
      if (ended === 0) throw new AppError('NOT_FOUND');
      await this.recordEnded(
        principal,
        client,
        sessionId === principal.sessionId ? 'this' : 'one',
        ended,
        manager,
      );
      return { ended };
    });
  }

  async endOthers(principal: Principal, client: ClientInfo): Promise<EndedSessionsDto> {
    return this.dataSource.transaction(async (manager) => {
      const ended = await this.repository.deleteAllOf(
        principal.userId,
        manager,
        principal.sessionId,
      );
      // The other sessions' sign-ins elsewhere (single sign-on's grants) end with them.
      await this.revoked.notify(principal.userId, manager);
      await this.recordEnded(principal, client, 'others', ended, manager);
      return { ended };
    });
  }

  private recordEnded(
    principal: Principal,
    client: ClientInfo,
    scope: 'this' | 'one' | 'others',
    ended: number,
    manager: EntityManager,
  ): Promise<void> {
    return this.events.emit(
      {
        kind: 'session.ended',
        actor: { kind: 'user', userId: principal.userId, username: principal.username },
        target: { userId: principal.userId, username: principal.username },
        organizationId: principal.organizationId,
        detail: { scope, ended },
        client,
      },
      manager,
    );
  }

  /**
   * Counts one code on the pending session, before it is checked. A session may send
   * MFA_MAX_FAILED_ATTEMPTS wrong codes; the next wrong one ends it, and none past that is
   * checked. A session no longer pending (ended, timed out) admits nothing.
   */
  async reserveCodeAttempt(sessionId: string): Promise<{ admitted: boolean; attempts: number }> {
    const attempts = await this.repository.countCodeAttempt(sessionId);
    return { admitted: attempts <= MFA_MAX_FAILED_ATTEMPTS + 1, attempts };
  }

  /** Takes back a code that was counted but could not be checked. */
  releaseCodeAttempt(sessionId: string): Promise<void> {
    return this.repository.uncountCodeAttempt(sessionId);
  }

  /**
   * The second factor was right: the session stops waiting for it, keeps which `factor` it was,
   * and gets a new token, in the caller's transaction. MFA_SESSION_ENDED when the wait ran out (or
   * the session ended) between the guard and here.
   */
  async completePending(
    sessionId: string,
    manager: EntityManager,
    factor: SecondFactor,
  ): Promise<string> {
    if (!(await this.repository.clearPending(manager, sessionId, factor))) {
      throw sessionError('MFA_SESSION_ENDED');
    }
    return this.renew(sessionId, manager);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { sessionsConfig } from '../sessions/sessions.config';
import { BruteForceService } from '../brute-force/brute-force.service';
import { isAccountExpired } from '../users/account-dates';
import { usersConfig } from '../users/users.config';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the provider may tell a client about an account (the id_token's and userinfo's claims). */
export interface OidcAccount {
  id: string;
  username: string;
  organizationId: string;
  organizationName: string;
  disabled: boolean;
  /** The earlier of the account's and its contract's end. */
  expiresOn: string | null;
  passwordIsTemporary: boolean;
  mfaEnabled: boolean;
}

/** Why an account gets no code or token for a client. */
export type Refusal =
  'disabled' | 'expired' | 'temporary_password' | 'locked' | 'other_contract' | 'mfa_required';

/** The client rules that decide who may sign in to it. */
export interface ClientRules {
  organizationId: string | null;
  requireMfa: boolean;
}

/**
 * amr values (RFC 8176) of a second factor: a TOTP code, a recovery code ("rc", Tobira's), or a
 * passkey ("hwk": proof of possession of a key held by an authenticator).
 */
export const SECOND_FACTORS = ['otp', 'rc', 'hwk'];

/**
 * The amr of a portal sign-in: how the session began (`method` of its `sign_in.succeeded`, a
 * passkey alone being both factors: possession, and the user verification the passkey demands)
 * and the factor of its MFA step, if any.
 */
export function amrOf(method: string | null, factor: string | null): string[] {
  if (method === 'passkey') return ['hwk', 'user'];
  const amr = ['pwd'];
  if (factor === 'totp') amr.push('otp');
  if (factor === 'recovery_code') amr.push('rc');
  if (factor === 'passkey') amr.push('hwk');
  return amr;
}

/**
 * The portal's account rules as the OpenID Connect provider applies them: at the authorization
 * (through the portal session it relies on) and again at every token (code exchange, refresh,
 * userinfo), so that no token ever reaches an account that could not sign in to the portal.
 */
@Injectable()
export class OidcAccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(usersConfig.KEY) private readonly users: ConfigType<typeof usersConfig>,
    @Inject(sessionsConfig.KEY) private readonly auth: ConfigType<typeof sessionsConfig>,
    private readonly bruteForce: BruteForceService,
  ) {}

  async find(userId: string): Promise<OidcAccount | null> {
    if (!UUID.test(userId)) return null;
    const rows: {
      id: string;
      username: string;
      organization_id: string;
      organization_name: string;
      disabled: boolean;
      expires_on: string | null;
      password_is_temporary: boolean;
      mfa_enabled: boolean;
    }[] = await this.dataSource.query(
      `SELECT u.id, u.username, u.organization_id, o.name AS organization_name, u.disabled,
              to_char(LEAST(u.expires_on, o.service_ends_on), 'YYYY-MM-DD') AS expires_on,
              u.password_is_temporary,
              EXISTS (SELECT 1 FROM mfa_credentials m
                       WHERE m.user_id = u.id AND m.enabled_at IS NOT NULL) AS mfa_enabled
         FROM users u JOIN organizations o ON o.id = u.organization_id
        WHERE u.id = $1`,
      [userId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      username: row.username,
      organizationId: row.organization_id,
      organizationName: row.organization_name,
      disabled: row.disabled,
      expiresOn: row.expires_on,
      passwordIsTemporary: row.password_is_temporary,
      mfaEnabled: row.mfa_enabled,
    };
  }

  /**
   * Why `account` may not sign in to a client with `rules`, or null. `amr` (the factors of the
   * sign-in the token comes from) is checked when given.
   */
  async refusal(
    account: OidcAccount,
    rules: ClientRules,
    amr?: readonly string[],
    now = new Date(),
  ): Promise<Refusal | null> {
    if (account.disabled) return 'disabled';
    if (isAccountExpired(account.expiresOn, this.users.timeZone, now)) return 'expired';
    if (account.passwordIsTemporary) return 'temporary_password';
    if (rules.organizationId !== null && rules.organizationId !== account.organizationId) {
      return 'other_contract';
    }
    if (await this.bruteForce.isLocked(account.id, now)) return 'locked';
    if (rules.requireMfa && amr && !amr.some((factor) => SECOND_FACTORS.includes(factor))) {
      return 'mfa_required';
    }
    return null;
  }

  /**
   * The portal sign-in behind a session: when it happened (the session's start; the MFA step
   * keeps it) and with which factors. The code step's factor is the one its audit record names
   * (`sign_in.mfa_passed`, written in the step's transaction).
   */
  async signInOf(
    sessionId: string,
    userId: string,
  ): Promise<{ authTime: Date; amr: string[] } | null> {
    const rows: { created_at: Date; method: string | null; factor: string | null }[] =
      await this.dataSource.query(
        `SELECT s.created_at,
                (SELECT a.detail ->> 'method' FROM audit_events a
                  WHERE a.target_user_id = s.user_id AND a.kind = 'sign_in.succeeded'
                    AND a.occurred_at >= s.created_at
                  ORDER BY a.occurred_at LIMIT 1) AS method,
                (SELECT a.detail ->> 'factor' FROM audit_events a
                  WHERE a.target_user_id = s.user_id AND a.kind = 'sign_in.mfa_passed'
                    AND a.occurred_at >= s.created_at
                  ORDER BY a.occurred_at DESC LIMIT 1) AS factor
           FROM sessions s WHERE s.id = $1 AND s.user_id = $2`,
        [sessionId, userId],
      );
    const row = rows[0];
    if (!row) return null;
    return { authTime: row.created_at, amr: amrOf(row.method, row.factor) };
  }

  /** Remembers that the interaction `uid` signed in with the portal session `sessionId`. */
  async linkInteraction(uid: string, sessionId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO oidc_session_links (key, session_id) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET session_id = EXCLUDED.session_id`,
      [`interaction:${uid}`, sessionId],
    );
  }

  /**
   * The provider session `sessionUid` now relies on the portal session the interaction `uid`
   * signed in with (the provider finishing that interaction's sign-in).
   */
  async linkSession(sessionUid: string, interactionUid: string): Promise<void> {
    await this.dataSource.query(
      `WITH taken AS (DELETE FROM oidc_session_links WHERE key = $2 RETURNING session_id)
       INSERT INTO oidc_session_links (key, session_id)
       SELECT $1, session_id FROM taken
       ON CONFLICT (key) DO UPDATE SET session_id = EXCLUDED.session_id, created_at = now()`,
      [`session:${sessionUid}`, `interaction:${interactionUid}`],
    );
  }

  /** The portal session the provider session `sessionUid` relies on, if it is still there. */
  async linkedSession(sessionUid: string): Promise<string | null> {
    const rows: { session_id: string }[] = await this.dataSource.query(
      'SELECT session_id FROM oidc_session_links WHERE key = $1',
      [`session:${sessionUid}`],
    );
    return rows[0]?.session_id ?? null;
  }

  /**
   * Single sign-on holds while the portal session it came from does: the live session of the
   * account (past its MFA step, not timed out) that the provider session `sessionUid` was signed
   * in with. Signing out of the portal ends it; using it counts as activity.
   */
  async portalSessionAlive(userId: string, sessionUid: string): Promise<boolean> {
    if (!UUID.test(userId) || sessionUid.length > 255) return false;
    const [, touched]: [unknown, number] = await this.dataSource.query(
      `UPDATE sessions s SET last_seen_at = now()
         FROM oidc_session_links l
        WHERE l.key = $2 AND s.id = l.session_id AND s.user_id = $1
          AND s.mfa_pending_until IS NULL
          AND s.absolute_expires_at > now()
          AND s.last_seen_at > now() - make_interval(secs => $3)`,
      [userId, `session:${sessionUid}`, this.auth.idleTimeoutMs / 1000],
    );
    return touched > 0;
  }
}

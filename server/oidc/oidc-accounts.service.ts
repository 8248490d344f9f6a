import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AccountStanding, AccountStandingQuery } from '../accounts/account-standing.query';
import { BruteForceService } from '../brute-force/brute-force.service';
import { SessionsService } from '../sessions/sessions.service';
import type { SecondFactor, SignInMethod } from '../sessions/sign-in-factors';
import { isAccountExpired } from '../users/account-dates';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
import { usersConfig } from '../users/users.config';

/** What the provider may tell a client about an account (the id_token's and userinfo's claims). */
export type OidcAccount = AccountStanding;

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
 * The amr of a portal sign-in, as its session keeps it: how the session began (a passkey alone
 * being both factors: possession, and the user verification the passkey demands) and the factor
 * of its MFA step, if any.
 */
export function amrOf(method: SignInMethod, factor: SecondFactor | null): string[] {
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
    private readonly standings: AccountStandingQuery,
    private readonly sessions: SessionsService,
    private readonly bruteForce: BruteForceService,
  ) {}

  find(userId: string): Promise<OidcAccount | null> {
    return this.standings.find(userId);
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
   * keeps it) and with which factors, as the session recorded them.
   */
  async signInOf(
    sessionId: string,
    userId: string,
  ): Promise<{ authTime: Date; amr: string[] } | null> {
    const signIn = await this.sessions.signInOf(sessionId, userId);
    if (!signIn) return null;
    return { authTime: signIn.startedAt, amr: amrOf(signIn.method, signIn.secondFactor) };
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
    if (sessionUid.length > 255) return false;
    const sessionId = await this.linkedSession(sessionUid);
    return sessionId !== null && UUID.test(userId) && this.sessions.isLive(sessionId, userId);
  }
}

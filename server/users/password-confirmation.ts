import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { BruteForceService } from '../brute-force/brute-force.service';
import { AppError, httpFieldProblem } from '../http/app-error';
import { PASSWORD_HASHER, type PasswordHasher } from '../password-hashing/password-hasher';
import type { SecurityEvent } from '../security-events/security-event';
import { SecurityEvents } from '../security-events/security-events.service';
import { UsersService } from './users.service';
import type { ClientInfo } from '../http/client-info';
import { usersConfig } from './users.config';
import { usersFieldProblem } from './users.errors';

/** The session ended between the read and the write: nothing to hold. */
const FOREIGN_KEY_VIOLATION = '23503';

/** Who is asked: the signed-in user (a session's principal has these). */
export interface ConfirmingUser {
  /** The session asking: a confirmation holds for it alone. */
  sessionId: string;
  userId: string;
  username: string;
  organizationId: string;
}

/** What the password is asked for again; recorded with every failed confirmation. */
export type ConfirmationPurpose =
  | 'password_change'
  | 'mfa_disable'
  | 'recovery_codes'
  | 'end_session'
  | 'end_other_sessions'
  | 'passkey_register'
  | 'passkey_delete';

/** The event of an account's lock starting, told by the attempt that started it. */
export function accountLocked(
  account: { id: string; username: string; organizationId: string },
  failures: number,
  client: ClientInfo,
): SecurityEvent {
  return {
    kind: 'account.locked',
    actor: { kind: 'system' },
    target: { userId: account.id, username: account.username },
    organizationId: account.organizationId,
    detail: { failures },
    client,
  };
}

export type ConfirmationOutcome = { ok: true; passwordHash: string } | { ok: false };

/**
 * The signed-in user's password again, before an action that changes how the account is reached
 * (ASVS 7.5.x). It goes through the same attempt gate as sign-in: a wrong password counts towards
 * the account's lockout, a locked or waiting account is refused without a check (with the answer of
 * a wrong password), and every failure is a security event. Whoever holds an unattended session
 * therefore gets no more guesses than the login page gives.
 */
@Injectable()
export class PasswordConfirmation {
  constructor(
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    private readonly users: UsersService,
    private readonly bruteForce: BruteForceService,
    private readonly events: SecurityEvents,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(usersConfig.KEY) private readonly config: ConfigType<typeof usersConfig>,
  ) {}

  /** Whether `password` is the account's; the current hash with it, for a conditional update. */
  async check(
    principal: ConfirmingUser,
    password: string,
    client: ClientInfo,
    purpose: ConfirmationPurpose,
  ): Promise<ConfirmationOutcome> {
    const user = await this.users.findByUsername(principal.username);
    if (!user || user.id !== principal.userId) throw new AppError('UNAUTHENTICATED');
    const reservation = await this.bruteForce.reserve('account', user.id);
    if (!reservation.admitted) {
      await this.hasher.verifyAgainstDummy(password);
      if (reservation.lockedNow)
        await this.events.emit(accountLocked(user, reservation.failures, client));
      await this.recordFailure(principal, client, purpose, reservation.refusal ?? 'locked');
      return { ok: false };
    }
    let ok: boolean;
    try {
      ok = await this.hasher.verify(user.passwordHash, password);
    } catch (error) {
      await this.bruteForce.cancel(reservation);
      throw error;
    }
    if (ok) {
      await this.bruteForce.succeed(reservation);
      return { ok: true, passwordHash: user.passwordHash };
    }
    const outcome = await this.bruteForce.fail(reservation);
    if (outcome.lockedNow) await this.events.emit(accountLocked(user, outcome.failures, client));
    await this.recordFailure(principal, client, purpose, 'wrong_password');
    return { ok: false };
  }

  /**
   * `check`, answering a wrong (or refused) password as the field error of the form. A right one
   * opens a short window (PASSWORD_CONFIRMATION_MINUTES) in which the same session may leave the
   * password out of the next confirmed steps of the same task, so that turning MFA on, then new
   * recovery codes and ending the other sessions ask for it once; a password that is sent is
   * always checked. Without a password and outside the window: a missing-field error.
   */
  async confirm(
    principal: ConfirmingUser,
    password: string | undefined,
    client: ClientInfo,
    purpose: ConfirmationPurpose,
  ): Promise<void> {
    if (password === undefined || password === '') {
      if (await this.confirmedRecently(principal.sessionId)) return;
      throw new AppError('VALIDATION_FAILED', [httpFieldProblem('REQUIRED', 'currentPassword')]);
    }
    if ((await this.check(principal, password, client, purpose)).ok) {
      await this.remember(principal.sessionId);
      return;
    }
    throw new AppError('VALIDATION_FAILED', [
      usersFieldProblem('CURRENT_PASSWORD_INCORRECT', 'currentPassword'),
    ]);
  }

  /** Until when the session may leave the password out, or null when it must type it. */
  async confirmedUntil(sessionId: string): Promise<Date | null> {
    const rows: { confirmed_until: Date }[] = await this.dataSource.query(
      `SELECT confirmed_until FROM password_confirmations
        WHERE session_id = $1 AND confirmed_until > now()`,
      [sessionId],
    );
    return rows[0]?.confirmed_until ?? null;
  }

  private async confirmedRecently(sessionId: string): Promise<boolean> {
    return (await this.confirmedUntil(sessionId)) !== null;
  }

  /** Opens (or moves on) the session's window; a window of 0 keeps none. */
  private async remember(sessionId: string): Promise<void> {
    if (this.config.confirmationWindowMs === 0) return;
    try {
      // A session that has ended meanwhile (or a caller without one) holds nothing.
      await this.dataSource.query(
        `INSERT INTO password_confirmations (session_id, confirmed_until)
         SELECT id, now() + make_interval(secs => $2::double precision) FROM sessions WHERE id = $1
         ON CONFLICT (session_id) DO UPDATE SET confirmed_until = EXCLUDED.confirmed_until`,
        [sessionId, this.config.confirmationWindowMs / 1000],
      );
    } catch (error) {
      const code =
        error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : null;
      if (code !== FOREIGN_KEY_VIOLATION) throw error;
    }
  }

  private recordFailure(
    principal: ConfirmingUser,
    client: ClientInfo,
    purpose: ConfirmationPurpose,
    reason: string,
  ): Promise<void> {
    return this.events.emit({
      kind: 'password.confirmation_failed',
      actor: { kind: 'user', userId: principal.userId, username: principal.username },
      target: { userId: principal.userId, username: principal.username },
      organizationId: principal.organizationId,
      detail: { purpose, reason },
      client,
    });
  }
}

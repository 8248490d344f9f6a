import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { BruteForceService } from '../brute-force/brute-force.service';
import type { ClientInfo } from '../http/client-info';
import type { SecurityEvent, SecurityEventKind } from '../security-events/security-event';
import { SecurityEvents } from '../security-events/security-events.service';
import type { Principal } from '../sessions/authenticated-request';
import { SessionDto } from '../sessions/dto/session.dto';
import { MFA_MAX_FAILED_ATTEMPTS } from '../sessions/mfa-pending';
import type { MfaSignedIn, MfaStepFailure } from '../sessions/second-factor';
import { SessionsService } from '../sessions/sessions.service';
import { MFA_CLOCK, type Clock } from './mfa-clock';
import { mfaError } from './mfa.errors';
import { MfaRepository } from './mfa.repository';
import { MfaSecrets } from './mfa-secrets';
import { TOTP_AUTHENTICATOR, type TotpAuthenticator } from './totp-authenticator';

/** The second step of signing in: a code from the authenticator, or a recovery code. */
@Injectable()
export class MfaSignIn {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: MfaRepository,
    private readonly secrets: MfaSecrets,
    @Inject(TOTP_AUTHENTICATOR) private readonly totp: TotpAuthenticator,
    @Inject(MFA_CLOCK) private readonly clock: Clock,
    private readonly sessions: SessionsService,
    private readonly events: SecurityEvents,
    private readonly bruteForce: BruteForceService,
  ) {}

  /**
   * The sign-in's code step. The attempt is counted before the code is checked, on the account
   * (its code step locks after MFA_LOCK_AFTER wrong codes across all its pending sessions) and on
   * the session (which ends past its own limit), so concurrent codes never check more than those
   * limits allow. The time step of a right code is written only if it is later than the last one
   * accepted, in one conditional UPDATE, so the same code sent ten times at once is accepted once.
   * Success ends the pending state and gives the session a new token. While the code step is
   * locked, even the right code gets the answer of a wrong one, and still counts.
   */
  async verifySignInCode(
    principal: Principal,
    code: string,
    client: ClientInfo,
  ): Promise<MfaSignedIn | MfaStepFailure> {
    return this.codeStep(principal, client, 'code', async () => {
      const sealed = await this.repository.enabledSecret(principal.userId);
      const secret = sealed && this.secrets.open(sealed, principal.userId);
      const step = secret ? this.totp.verify(secret, code, this.clock.now()) : null;
      if (step === null) return null;
      return this.dataSource.transaction(async (manager) => {
        if (!(await this.repository.acceptStep(manager, principal.userId, step))) return null;
        return this.completeSignIn(principal, client, manager, { factor: 'totp' });
      });
    });
  }

  /** The code step with a recovery code instead: each works once, by a conditional UPDATE. */
  async verifyRecoveryCode(
    principal: Principal,
    recoveryCode: string,
    client: ClientInfo,
  ): Promise<MfaSignedIn | MfaStepFailure> {
    return this.codeStep(principal, client, 'recovery_code', () =>
      this.dataSource.transaction(async (manager) => {
        const remaining = await this.repository.useRecoveryCode(
          manager,
          principal.userId,
          this.secrets.hashRecoveryCode(recoveryCode),
        );
        if (remaining === null) return null;
        await this.emit('mfa.recovery_code_used', principal, client, manager, { remaining });
        return this.completeSignIn(principal, client, manager, {
          factor: 'recovery_code',
          remaining,
        });
      }),
    );
  }

  /**
   * The code step with a passkey instead (server/passkeys): the same attempt limits as a code.
   * `check` verifies the assertion (false: refused, and the caller knows why); `settle` writes its
   * bookkeeping (the signature counter) in the transaction that completes the sign-in, and answers
   * false when a concurrent answer got there first.
   */
  async verifyPasskey(
    principal: Principal,
    client: ClientInfo,
    check: () => Promise<boolean>,
    settle: (manager: EntityManager) => Promise<boolean>,
  ): Promise<MfaSignedIn | MfaStepFailure> {
    return this.codeStep(principal, client, 'passkey', async () => {
      if (!(await check())) return null;
      return this.dataSource.transaction(async (manager) => {
        if (!(await settle(manager))) return null;
        return this.completeSignIn(principal, client, manager, { factor: 'passkey' });
      });
    });
  }

  /**
   * One attempt at the code step: reserved on the account and on the session, then `check`ed
   * (answering the signed-in session, or null for a wrong code), then settled.
   */
  private async codeStep(
    principal: Principal,
    client: ClientInfo,
    factor: 'code' | 'recovery_code' | 'passkey',
    check: () => Promise<MfaSignedIn | null>,
  ): Promise<MfaSignedIn | MfaStepFailure> {
    if (!principal.mfaPending) throw mfaError('MFA_NOT_PENDING');
    const account = await this.bruteForce.reserve('mfa', principal.userId);
    const session = await this.sessions.reserveCodeAttempt(principal.sessionId);
    if (!account.admitted || !session.admitted) {
      // Not checked: counted as a wrong code on the account (the reservation did that when it
      // refused; an admitted one is failed here) and on the session.
      const failed = account.admitted ? await this.bruteForce.fail(account) : account;
      const reason = account.admitted ? 'session_limit' : 'locked';
      return this.recordFailure(principal, client, factor, reason, session.attempts, failed);
    }
    let signedIn: MfaSignedIn | null;
    try {
      signedIn = await check();
    } catch (error) {
      await this.bruteForce.cancel(account);
      await this.sessions.releaseCodeAttempt(principal.sessionId);
      throw error;
    }
    if (signedIn) {
      await this.bruteForce.succeed(account);
      return signedIn;
    }
    const failed = await this.bruteForce.fail(account);
    return this.recordFailure(principal, client, factor, 'wrong_code', session.attempts, failed);
  }

  private async completeSignIn(
    principal: Principal,
    client: ClientInfo,
    manager: EntityManager,
    detail: { factor: 'totp' | 'recovery_code' | 'passkey'; remaining?: number },
  ): Promise<MfaSignedIn> {
    const token = await this.sessions.completePending(principal.sessionId, manager, detail.factor);
    await this.emit('sign_in.mfa_passed', principal, client, manager, detail);
    return { token, session: SessionDto.from({ ...principal, mfaPending: false }) };
  }

  /**
   * Records a code that was wrong or not checked: the session ends once it has sent more wrong
   * codes than it may, and the account's code step is announced as locked (`mfa.locked`, once)
   * when this attempt locked it.
   */
  private async recordFailure(
    principal: Principal,
    client: ClientInfo,
    factor: 'code' | 'recovery_code' | 'passkey',
    reason: 'wrong_code' | 'locked' | 'session_limit',
    attempts: number,
    account: { failures: number; lockedNow: boolean },
  ): Promise<MfaStepFailure> {
    return this.dataSource.transaction(async (manager) => {
      const ended = attempts > MFA_MAX_FAILED_ATTEMPTS;
      if (ended) await this.sessions.revoke(principal.sessionId, manager);
      const detail = {
        factor,
        reason,
        attempts: Math.min(attempts, MFA_MAX_FAILED_ATTEMPTS + 1),
        ended,
        ...(reason === 'locked' ? { locked: true } : {}),
      };
      await this.emit('mfa.code_failed', principal, client, manager, detail);
      if (account.lockedNow) {
        const { failures } = account;
        await this.emit('mfa.locked', principal, client, manager, { failures }, { kind: 'system' });
      }
      return { ended };
    });
  }

  private emit(
    kind: SecurityEventKind,
    principal: Principal,
    client: ClientInfo,
    manager: EntityManager,
    detail?: Record<string, string | number | boolean>,
    actor: SecurityEvent['actor'] = {
      kind: 'user',
      userId: principal.userId,
      username: principal.username,
    },
  ): Promise<void> {
    return this.events.emit(
      {
        kind,
        actor,
        target: { userId: principal.userId, username: principal.username },
        organizationId: principal.organizationId,
        detail,
        client,
      },
      manager,
    );
  }
}

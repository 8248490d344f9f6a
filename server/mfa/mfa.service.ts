import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { Secret } from 'otpauth';
import { toString as qrCodeSvg } from 'qrcode';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../auth/authenticated-request';
import { SessionDto } from '../auth/dto/session.dto';
import { PasswordConfirmation } from '../auth/password-confirmation';
import { ClientInfo, SessionsService } from '../auth/sessions.service';
import { BruteForceService } from '../brute-force/brute-force.service';
import { AppError } from '../http/app-error';
import { httpConfig } from '../http/http.config';
import type { SecurityEvent, SecurityEventKind } from '../security-events/security-event';
import { SecurityEvents } from '../security-events/security-events.service';
import type { MfaEnrollmentDto, MfaStatusDto } from './dto/mfa.dto';
import { mfaConfig } from './mfa.config';
import { MFA_MAX_FAILED_ATTEMPTS } from './mfa-sign-in';
import { generateRecoveryCodes, RecoveryCodeHasher } from './recovery-codes';
import { SecretBox } from './secret-box';
import { TOTP_AUTHENTICATOR, type TotpAuthenticator } from './totp-authenticator';

export const MFA_CLOCK = Symbol('MFA_CLOCK');

/** The time the codes are checked against; replaced in tests. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface MfaSignedIn {
  token: string;
  session: SessionDto;
}

/** A refused code step: the session may try again, or it has used up its attempts and is gone. */
export type MfaStepFailure = { ended: false } | { ended: true };

@Injectable()
export class MfaService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Mfa');
  private readonly box: SecretBox;
  private readonly recoveryCodes: RecoveryCodeHasher;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TOTP_AUTHENTICATOR) private readonly totp: TotpAuthenticator,
    @Inject(MFA_CLOCK) private readonly clock: Clock,
    @Inject(mfaConfig.KEY) config: ConfigType<typeof mfaConfig>,
    @Inject(httpConfig.KEY) private readonly http: ConfigType<typeof httpConfig>,
    private readonly sessions: SessionsService,
    private readonly events: SecurityEvents,
    private readonly bruteForce: BruteForceService,
    private readonly confirmation: PasswordConfirmation,
  ) {
    this.box = new SecretBox(config.encryptionKey);
    this.recoveryCodes = new RecoveryCodeHasher(config.encryptionKey);
  }

  /**
   * A wrong MFA_ENCRYPTION_KEY shows at start, not at the first code step: every stored secret
   * names the key it was sealed under (SecretBox), and secrets under any other key are counted and
   * logged as an error with both key ids. The server still starts: accounts without MFA must keep
   * working, and administrators must be able to reset the MFA of accounts whose key is lost.
   */
  async onApplicationBootstrap(): Promise<void> {
    for (const { keyId, secrets } of await this.secretsUnderOtherKeys()) {
      this.logger.error({
        msg: 'MFA secrets sealed under another key: these accounts cannot pass the code step until MFA_ENCRYPTION_KEY is that key again or their MFA is reset',
        keyId,
        secrets,
        configuredKeyId: this.box.id,
      });
    }
  }

  /**
   * Stored secrets sealed under a key other than the configured one, counted per key id (the second
   * part of a sealed value, see SecretBox).
   */
  async secretsUnderOtherKeys(): Promise<{ keyId: string; secrets: number }[]> {
    return this.dataSource.query(
      `SELECT split_part(secret_sealed, '.', 2) AS "keyId", count(*)::int AS secrets
         FROM mfa_credentials WHERE split_part(secret_sealed, '.', 2) <> $1
        GROUP BY 1 ORDER BY 1`,
      [this.box.id],
    );
  }

  async status(principal: Principal): Promise<MfaStatusDto> {
    const rows: { enabled_at: Date; remaining: number }[] = await this.dataSource.query(
      `SELECT c.enabled_at,
              (SELECT count(*)::int FROM mfa_recovery_codes r
                WHERE r.user_id = c.user_id AND r.used_at IS NULL) AS remaining
         FROM mfa_credentials c WHERE c.user_id = $1 AND c.enabled_at IS NOT NULL`,
      [principal.userId],
    );
    const row = rows[0];
    return {
      enabled: row !== undefined,
      enabledAt: row?.enabled_at.toISOString() ?? null,
      recoveryCodesRemaining: row?.remaining ?? 0,
    };
  }

  /** A new pending secret (replacing an unconfirmed one); MFA stays off until it is confirmed. */
  async startEnrollment(principal: Principal): Promise<MfaEnrollmentDto> {
    const secret = this.totp.generateSecret();
    const sealed = this.box.seal(secret, principal.userId);
    // The WHERE makes "not on yet" and the write one statement: an enabled secret is never replaced.
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO mfa_credentials (user_id, secret_sealed) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET secret_sealed = EXCLUDED.secret_sealed,
              last_used_step = NULL, created_at = now(), updated_at = now()
        WHERE mfa_credentials.enabled_at IS NULL
       RETURNING user_id`,
      [principal.userId, sealed],
    );
    if (rows.length === 0) throw new AppError('MFA_ALREADY_ENABLED');
    const otpauthUri = this.totp.keyUri(secret, {
      issuer: this.http.productName,
      accountName: principal.username,
    });
    const svg = await qrCodeSvg(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return {
      qrCodeDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
      key: new Secret({ buffer: Uint8Array.from(secret).buffer }).base32
        .match(/.{1,4}/g)!
        .join(' '),
      otpauthUri,
    };
  }

  /** Turns MFA on with a current code of the pending secret; answers the ten recovery codes, once. */
  async confirmEnrollment(
    principal: Principal,
    code: string,
    client: ClientInfo,
  ): Promise<string[]> {
    const rows: { secret_sealed: string; enabled_at: Date | null }[] = await this.dataSource.query(
      'SELECT secret_sealed, enabled_at FROM mfa_credentials WHERE user_id = $1',
      [principal.userId],
    );
    const row = rows[0];
    if (!row) throw new AppError('MFA_ENROLLMENT_NOT_STARTED');
    if (row.enabled_at) throw new AppError('MFA_ALREADY_ENABLED');
    const step = this.totp.verify(
      this.box.open(row.secret_sealed, principal.userId),
      code,
      this.clock.now(),
    );
    if (step === null) throw invalidCode('code', 'MFA_CODE_INVALID');

    return this.dataSource.transaction(async (manager) => {
      // Conditional on the secret just checked: a restart in another tab cannot enable an unseen one.
      const [, updated]: [unknown, number] = await manager.query(
        `UPDATE mfa_credentials SET enabled_at = now(), last_used_step = $3, updated_at = now()
          WHERE user_id = $1 AND enabled_at IS NULL AND secret_sealed = $2`,
        [principal.userId, row.secret_sealed, step],
      );
      if (updated !== 1) throw new AppError('MFA_ENROLLMENT_NOT_STARTED');
      const codes = await this.replaceRecoveryCodes(manager, principal.userId);
      await this.emit('mfa.enabled', principal, client, manager);
      return codes;
    });
  }

  async disable(principal: Principal, currentPassword: string, client: ClientInfo): Promise<void> {
    await this.confirmation.confirm(principal, currentPassword, client, 'mfa_disable');
    await this.dataSource.transaction(async (manager) => {
      const [, deleted]: [unknown, number] = await manager.query(
        'DELETE FROM mfa_credentials WHERE user_id = $1 AND enabled_at IS NOT NULL',
        [principal.userId],
      );
      if (deleted !== 1) throw new AppError('MFA_NOT_ENABLED');
      await manager.query('DELETE FROM mfa_recovery_codes WHERE user_id = $1', [principal.userId]);
      await this.emit('mfa.disabled', principal, client, manager);
    });
  }

  async regenerateRecoveryCodes(
    principal: Principal,
    currentPassword: string,
    client: ClientInfo,
  ): Promise<string[]> {
    await this.confirmation.confirm(principal, currentPassword, client, 'recovery_codes');
    return this.dataSource.transaction(async (manager) => {
      // The row lock orders this against a concurrent disable.
      const rows: unknown[] = await manager.query(
        'SELECT 1 FROM mfa_credentials WHERE user_id = $1 AND enabled_at IS NOT NULL FOR UPDATE',
        [principal.userId],
      );
      if (rows.length === 0) throw new AppError('MFA_NOT_ENABLED');
      const codes = await this.replaceRecoveryCodes(manager, principal.userId);
      await this.emit('mfa.recovery_codes_regenerated', principal, client, manager);
      return codes;
    });
  }

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
      const rows: { secret_sealed: string }[] = await this.dataSource.query(
        'SELECT secret_sealed FROM mfa_credentials WHERE user_id = $1 AND enabled_at IS NOT NULL',
        [principal.userId],
      );
      const secret = rows[0] && this.box.open(rows[0].secret_sealed, principal.userId);
      const step = secret ? this.totp.verify(secret, code, this.clock.now()) : null;
      if (step === null) return null;
      return this.dataSource.transaction(async (manager) => {
        const [, accepted]: [unknown, number] = await manager.query(
          `UPDATE mfa_credentials SET last_used_step = $2, updated_at = now()
            WHERE user_id = $1 AND enabled_at IS NOT NULL
              AND (last_used_step IS NULL OR last_used_step < $2)
           RETURNING user_id`,
          [principal.userId, step],
        );
        if (accepted !== 1) return null;
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
        const [, used]: [unknown, number] = await manager.query(
          `UPDATE mfa_recovery_codes SET used_at = now()
            WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL
              AND EXISTS (SELECT 1 FROM mfa_credentials c
                           WHERE c.user_id = $1 AND c.enabled_at IS NOT NULL)
           RETURNING id`,
          [principal.userId, this.recoveryCodes.hash(recoveryCode)],
        );
        if (used !== 1) return null;
        const [{ remaining }]: { remaining: number }[] = await manager.query(
          'SELECT count(*)::int AS remaining FROM mfa_recovery_codes WHERE user_id = $1 AND used_at IS NULL',
          [principal.userId],
        );
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
    this.requirePending(principal);
    const account = await this.bruteForce.reserve('mfa', principal.userId);
    const session = await this.reserveSessionAttempt(principal.sessionId);
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
      await this.releaseSessionAttempt(principal.sessionId);
      throw error;
    }
    if (signedIn) {
      await this.bruteForce.succeed(account);
      return signedIn;
    }
    const failed = await this.bruteForce.fail(account);
    return this.recordFailure(principal, client, factor, 'wrong_code', session.attempts, failed);
  }

  /**
   * Counts one code on the pending session, before it is checked. A session may send
   * MFA_MAX_FAILED_ATTEMPTS wrong codes; the next wrong one ends it, and none past that is
   * checked. A session no longer pending (ended, timed out) admits nothing.
   */
  private async reserveSessionAttempt(
    sessionId: string,
  ): Promise<{ admitted: boolean; attempts: number }> {
    const [rows]: [{ mfa_failed_attempts: number }[], number] = await this.dataSource.query(
      `UPDATE sessions SET mfa_failed_attempts = mfa_failed_attempts + 1
        WHERE id = $1 AND mfa_pending_until > now()
       RETURNING mfa_failed_attempts`,
      [sessionId],
    );
    const attempts = rows[0]?.mfa_failed_attempts ?? MFA_MAX_FAILED_ATTEMPTS + 2;
    return { admitted: attempts <= MFA_MAX_FAILED_ATTEMPTS + 1, attempts };
  }

  private async releaseSessionAttempt(sessionId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE sessions SET mfa_failed_attempts = GREATEST(mfa_failed_attempts - 1, 0)
        WHERE id = $1 AND mfa_pending_until IS NOT NULL`,
      [sessionId],
    );
  }

  private requirePending(principal: Principal): void {
    if (!principal.mfaPending) throw new AppError('MFA_NOT_PENDING');
  }

  private async completeSignIn(
    principal: Principal,
    client: ClientInfo,
    manager: EntityManager,
    detail: { factor: 'totp' | 'recovery_code' | 'passkey'; remaining?: number },
  ): Promise<MfaSignedIn> {
    const [, cleared]: [unknown, number] = await manager.query(
      `UPDATE sessions SET mfa_pending_until = NULL, mfa_failed_attempts = 0
        WHERE id = $1 AND mfa_pending_until > now()
       RETURNING id`,
      [principal.sessionId],
    );
    // The wait ran out (or the session ended) between the guard and here: nothing is used up.
    if (cleared !== 1) throw new AppError('MFA_SESSION_ENDED');
    await this.emit('sign_in.mfa_passed', principal, client, manager, detail);
    const token = await this.sessions.renew(principal.sessionId, manager);
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

  private async replaceRecoveryCodes(manager: EntityManager, userId: string): Promise<string[]> {
    const codes = generateRecoveryCodes();
    await manager.query('DELETE FROM mfa_recovery_codes WHERE user_id = $1', [userId]);
    await manager.query(
      `INSERT INTO mfa_recovery_codes (user_id, code_hash) SELECT $1, unnest($2::bytea[])`,
      [userId, codes.map((code) => this.recoveryCodes.hash(code))],
    );
    return codes;
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

export function isSignedIn(result: MfaSignedIn | MfaStepFailure): result is MfaSignedIn {
  return 'token' in result;
}

function invalidCode(field: string, code: string): AppError {
  return new AppError('VALIDATION_FAILED', [{ field, code }]);
}

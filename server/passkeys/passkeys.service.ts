import { hash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../sessions/authenticated-request';
import { SessionDto } from '../sessions/dto/session.dto';
import { PasswordConfirmation } from '../users/password-confirmation';
import type { ClientInfo } from '../http/client-info';
import { SessionsService } from '../sessions/sessions.service';
import { BruteForceService } from '../brute-force/brute-force.service';
import { AppError } from '../http/app-error';
import { MfaSignIn } from '../mfa/mfa-sign-in.service';
import { isSignedIn, type MfaSignedIn, type MfaStepFailure } from '../sessions/second-factor';
import { mfaError } from '../mfa/mfa.errors';
import { authError, type AuthErrorCode } from '../auth/auth.errors';
import { passkeyError } from './passkeys.errors';
import type { SecurityEvent, SecurityEventKind } from '../security-events/security-event';
import { SecurityEvents } from '../security-events/security-events.service';
import { signInRefusal } from '../auth/sign-in-refusal';
import { accountEndsOnSql } from '../organizations/contract-dates.sql';
import type { Role } from '../users/user.entity';
import { usersConfig } from '../users/users.config';
import { readAuthenticationCredential, readRegistrationCredential } from './credential-json';
import type { PasskeyDto } from './dto/passkeys.dto';
import { type ChallengeBinding, PasskeyChallenges } from './passkey-challenges';
import { PasskeyRefused } from './passkey-problem';
import { RelyingParty, type StoredCredential } from './relying-party';

/** Passkeys one account may hold. */
export const MAX_PASSKEYS = 10;

interface PasskeyRow {
  id: string;
  user_id: string;
  name: string;
  credential_id: string;
  public_key: Buffer;
  sign_count: string;
  transports: string[];
  backup_eligible: boolean;
  backed_up: boolean;
  created_at: Date;
  last_used_at: Date | null;
}

interface SignInRow extends PasskeyRow {
  username: string;
  role: Role;
  organization_id: string;
  password_is_temporary: boolean;
  temporary_password_expires_at: Date | null;
  disabled: boolean;
  expires_on: string | null;
}

export interface PasskeySignedIn {
  token: string;
  session: SessionDto;
}

/** The value of the browser's challenge cookie, and the binding it stands for. */
export function browserBinding(token: string): ChallengeBinding {
  return { browserHash: hash('sha256', token, 'buffer') };
}

export function newBrowserToken(): string {
  return randomBytes(32).toString('base64url');
}

function stored(row: PasskeyRow): StoredCredential {
  return {
    credentialId: row.credential_id,
    publicKey: row.public_key,
    signCount: Number(row.sign_count),
    backupEligible: row.backup_eligible,
    transports: row.transports,
  };
}

/**
 * Passkeys (WebAuthn credentials): registering, naming and deleting them in the settings, and
 * using one as the MFA step's second factor or to sign in without a password. Every refusal is a
 * 400 naming its reason (PasskeyRefused) and an audit event; nothing but the used-up challenge is
 * written for it.
 */
@Injectable()
export class PasskeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(usersConfig.KEY) private readonly usersSettings: ConfigType<typeof usersConfig>,
    private readonly rp: RelyingParty,
    private readonly challenges: PasskeyChallenges,
    private readonly confirmation: PasswordConfirmation,
    private readonly sessions: SessionsService,
    private readonly events: SecurityEvents,
    private readonly bruteForce: BruteForceService,
    private readonly mfa: MfaSignIn,
  ) {}

  async list(principal: Principal): Promise<PasskeyDto[]> {
    const rows: PasskeyRow[] = await this.dataSource.query(
      `SELECT * FROM passkeys WHERE user_id = $1 ORDER BY created_at, id`,
      [principal.userId],
    );
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      createdAt: row.created_at.toISOString(),
      lastUsedAt: row.last_used_at?.toISOString() ?? null,
      backedUp: row.backed_up,
    }));
  }

  /** The options of `navigator.credentials.create`, once the password was typed again. */
  async startRegistration(
    principal: Principal,
    currentPassword: string | undefined,
    client: ClientInfo,
  ): Promise<PublicKeyCredentialCreationOptionsJSON> {
    await this.confirmation.confirm(principal, currentPassword, client, 'passkey_register');
    const existing = await this.credentialsOf(principal.userId);
    if (existing.length >= MAX_PASSKEYS) {
      throw await this.refused(new PasskeyRefused('too_many'), principal, client, 'registration');
    }
    const options = await this.rp.registrationOptions(
      { id: principal.userId, username: principal.username },
      existing.map((row) => ({ credentialId: row.credential_id, transports: row.transports })),
    );
    await this.challenges.issue(
      'registration',
      { sessionId: principal.sessionId },
      options.challenge,
    );
    return options;
  }

  /** Verifies the authenticator's answer and keeps the new passkey under `name`. */
  async finishRegistration(
    principal: Principal,
    name: string,
    body: unknown,
    client: ClientInfo,
  ): Promise<PasskeyDto> {
    const credential = readRegistrationCredential(body);
    try {
      const challenge = await this.challenges.take('registration', {
        sessionId: principal.sessionId,
      });
      const made = await this.rp.verifyRegistration(credential, challenge);
      const id = await this.dataSource.transaction(async (manager) => {
        // The account's row lock orders concurrent registrations, so the limit holds.
        await manager.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [principal.userId]);
        const [{ count }]: { count: number }[] = await manager.query(
          'SELECT count(*)::int AS count FROM passkeys WHERE user_id = $1',
          [principal.userId],
        );
        if (count >= MAX_PASSKEYS) throw new PasskeyRefused('too_many');
        const rows: { id: string }[] = await manager.query(
          `INSERT INTO passkeys (user_id, name, credential_id, public_key, sign_count, transports,
                                 backup_eligible, backed_up, aaguid)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (credential_id) DO NOTHING
           RETURNING id`,
          [
            principal.userId,
            name,
            made.credentialId,
            made.publicKey,
            made.signCount,
            made.transports,
            made.backupEligible,
            made.backedUp,
            made.aaguid,
          ],
        );
        if (rows.length === 0) throw new PasskeyRefused('already_registered');
        await this.emit('passkey.registered', principal, client, manager, {
          passkeyId: rows[0].id,
          name,
          backupEligible: made.backupEligible,
        });
        return rows[0].id;
      });
      const listed = await this.list(principal);
      return listed.find((p) => p.id === id)!;
    } catch (error) {
      throw await this.refused(error, principal, client, 'registration');
    }
  }

  async rename(
    principal: Principal,
    id: string,
    name: string,
    client: ClientInfo,
  ): Promise<PasskeyDto> {
    await this.dataSource.transaction(async (manager) => {
      const [rows]: [{ old_name: string }[], number] = await manager.query(
        `UPDATE passkeys p SET name = $3
           FROM (SELECT id, name AS old_name FROM passkeys WHERE id = $1 AND user_id = $2 FOR UPDATE) old
          WHERE p.id = old.id
         RETURNING old.old_name`,
        [id, principal.userId, name],
      );
      if (rows.length === 0) throw new AppError('NOT_FOUND');
      await this.emit('passkey.renamed', principal, client, manager, {
        passkeyId: id,
        from: rows[0].old_name,
        to: name,
      });
    });
    return (await this.list(principal)).find((p) => p.id === id)!;
  }

  async remove(
    principal: Principal,
    id: string,
    currentPassword: string | undefined,
    client: ClientInfo,
  ): Promise<void> {
    await this.confirmation.confirm(principal, currentPassword, client, 'passkey_delete');
    await this.dataSource.transaction(async (manager) => {
      const [rows]: [{ name: string }[], number] = await manager.query(
        'DELETE FROM passkeys WHERE id = $1 AND user_id = $2 RETURNING name',
        [id, principal.userId],
      );
      if (rows.length === 0) throw new AppError('NOT_FOUND');
      await this.emit('passkey.deleted', principal, client, manager, {
        passkeyId: id,
        name: rows[0].name,
      });
    });
  }

  /** The options of `navigator.credentials.get` for the MFA step: this account's passkeys only. */
  async startSecondFactor(principal: Principal): Promise<PublicKeyCredentialRequestOptionsJSON> {
    if (!principal.mfaPending) throw mfaError('MFA_NOT_PENDING');
    const own = await this.credentialsOf(principal.userId);
    if (own.length === 0) throw new AppError('NOT_FOUND');
    const options = await this.rp.authenticationOptions(
      own.map((row) => ({ credentialId: row.credential_id, transports: row.transports })),
    );
    await this.challenges.issue(
      'second_factor',
      { sessionId: principal.sessionId },
      options.challenge,
    );
    return options;
  }

  /**
   * The MFA step with a passkey: counted like a code (MfaSignIn.verifyPasskey), so a session
   * and an account get no more tries with passkeys than with codes.
   */
  async finishSecondFactor(
    principal: Principal,
    body: unknown,
    client: ClientInfo,
  ): Promise<MfaSignedIn | (MfaStepFailure & { refusal: PasskeyRefused })> {
    if (!principal.mfaPending) throw mfaError('MFA_NOT_PENDING');
    const credential = readAuthenticationCredential(body);
    let refusal = new PasskeyRefused('signature_invalid');
    let row: PasskeyRow | undefined;
    let signCount = 0;
    let backedUp = false;
    const result = await this.mfa.verifyPasskey(
      principal,
      client,
      async () => {
        try {
          const challenge = await this.challenges.take('second_factor', {
            sessionId: principal.sessionId,
          });
          row = await this.credentialOf(credential.id, principal.userId);
          if (!row) throw new PasskeyRefused('unknown_credential');
          ({ signCount, backedUp } = await this.rp.verifyAuthentication(
            credential,
            challenge,
            stored(row),
          ));
          return true;
        } catch (error) {
          if (!(error instanceof PasskeyRefused)) throw error;
          refusal = error;
          await this.events.emit(this.refusedEvent(principal, client, 'second_factor', error));
          return false;
        }
      },
      async (manager) => {
        if (await this.recordUse(manager, row!, signCount, backedUp)) return true;
        refusal = new PasskeyRefused('counter_regressed');
        return false;
      },
    );
    return isSignedIn(result) ? result : { ...result, refusal };
  }

  /** The options for a passwordless sign-in: any of the site's passkeys (discoverable). */
  async startSignIn(browserToken: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const options = await this.rp.authenticationOptions();
    await this.challenges.issue('sign_in', browserBinding(browserToken), options.challenge);
    return options;
  }

  /**
   * Signs in with a passkey alone: user verification is required, so the passkey is both factors
   * and no MFA step follows. Every account rule of a password sign-in applies, told (as there)
   * only to whoever proved the passkey; a locked account is refused too. The forced password
   * change follows as after a password sign-in.
   */
  async signIn(
    browserToken: string | undefined,
    body: unknown,
    client: ClientInfo,
    previousToken: string | undefined,
    now = new Date(),
  ): Promise<PasskeySignedIn> {
    const credential = readAuthenticationCredential(body);
    let row: SignInRow | undefined;
    const failed = (reason: string): SecurityEvent => ({
      kind: 'sign_in.failed',
      actor: { kind: 'user', userId: row?.user_id ?? null, username: row?.username ?? null },
      target: { userId: row?.user_id ?? null, username: row?.username ?? null },
      organizationId: row?.organization_id ?? null,
      detail: { method: 'passkey', reason },
      client,
    });
    let assertion: { signCount: number; backedUp: boolean };
    try {
      const challenge = await this.challenges.take(
        'sign_in',
        browserToken ? browserBinding(browserToken) : null,
      );
      row = await this.signInRowOf(credential.id);
      if (!row) throw new PasskeyRefused('unknown_credential');
      // The authenticator's user handle, when it sends one, must be the account's.
      const handle = credential.response.userHandle;
      if (
        handle &&
        handle !== Buffer.from(row.user_id.replace(/-/g, ''), 'hex').toString('base64url')
      ) {
        throw new PasskeyRefused('unknown_credential');
      }
      assertion = await this.rp.verifyAuthentication(credential, challenge, stored(row));
    } catch (error) {
      if (error instanceof PasskeyRefused) {
        await this.events.emit(failed(`passkey_${error.reason}`));
        throw error;
      }
      throw error;
    }
    const account = row;
    const unusable = await this.unusableReason(account, now);
    if (unusable) {
      await this.events.emit(failed(unusable.reason));
      throw unusable.code === 'ACCOUNT_LOCKED'
        ? passkeyError('ACCOUNT_LOCKED')
        : authError(unusable.code);
    }
    if (
      !(await this.recordUse(
        this.dataSource.manager,
        account,
        assertion.signCount,
        assertion.backedUp,
      ))
    ) {
      await this.events.emit(failed('passkey_counter_regressed'));
      throw new PasskeyRefused('counter_regressed');
    }
    if (previousToken) await this.sessions.revokeByToken(previousToken);
    const token = await this.sessions.create(account.user_id, client, {
      method: 'passkey',
      event: {
        kind: 'sign_in.succeeded',
        actor: { kind: 'user', userId: account.user_id, username: account.username },
        target: { userId: account.user_id, username: account.username },
        organizationId: account.organization_id,
        detail: { method: 'passkey', passkeyId: account.id },
        client,
      },
    });
    return {
      token,
      session: SessionDto.from({
        username: account.username,
        role: account.role,
        expiresOn: account.expires_on,
        passwordIsTemporary: account.password_is_temporary,
        mfaPending: false,
      }),
    };
  }

  private async unusableReason(
    account: SignInRow,
    now: Date,
  ): Promise<{ code: AuthErrorCode | 'ACCOUNT_LOCKED'; reason: string } | null> {
    const refusal = signInRefusal(
      {
        disabled: account.disabled,
        expiresOn: account.expires_on,
        passwordIsTemporary: account.password_is_temporary,
        temporaryPasswordExpiresAt: account.temporary_password_expires_at,
      },
      this.usersSettings.timeZone,
      now,
    );
    if (refusal) return refusal;
    if (await this.bruteForce.isLocked(account.user_id, now)) {
      return { code: 'ACCOUNT_LOCKED', reason: 'locked' };
    }
    return null;
  }

  /**
   * The counter and backup state of a verified assertion, conditional on the counter it was
   * checked against: of two assertions verified at once, one moves it and the other is refused.
   */
  private async recordUse(
    manager: EntityManager,
    row: PasskeyRow,
    signCount: number,
    backedUp: boolean,
  ): Promise<boolean> {
    const [, updated]: [unknown, number] = await manager.query(
      `UPDATE passkeys SET sign_count = $3, backed_up = $4, last_used_at = now()
        WHERE id = $1 AND sign_count = $2`,
      [row.id, row.sign_count, signCount, backedUp],
    );
    return updated === 1;
  }

  private credentialsOf(userId: string): Promise<PasskeyRow[]> {
    return this.dataSource.query(`SELECT * FROM passkeys WHERE user_id = $1`, [userId]);
  }

  private async credentialOf(
    credentialId: string,
    userId: string,
  ): Promise<PasskeyRow | undefined> {
    const rows: PasskeyRow[] = await this.dataSource.query(
      `SELECT * FROM passkeys WHERE credential_id = $1 AND user_id = $2`,
      [credentialId, userId],
    );
    return rows[0];
  }

  private async signInRowOf(credentialId: string): Promise<SignInRow | undefined> {
    const rows: SignInRow[] = await this.dataSource.query(
      `SELECT p.*, u.username, u.role, u.organization_id, u.password_is_temporary,
              u.temporary_password_expires_at, u.disabled,
              to_char(${accountEndsOnSql('u', 'o')}, 'YYYY-MM-DD') AS expires_on
         FROM passkeys p JOIN users u ON u.id = p.user_id
         JOIN organizations o ON o.id = u.organization_id
        WHERE p.credential_id = $1`,
      [credentialId],
    );
    return rows[0];
  }

  /** A refusal of the signed-in user's ceremony, audited; the controller answers it as a 400. */
  private async refused(
    error: unknown,
    principal: Principal,
    client: ClientInfo,
    ceremony: 'registration' | 'second_factor',
  ): Promise<unknown> {
    if (!(error instanceof PasskeyRefused)) return error;
    await this.events.emit(this.refusedEvent(principal, client, ceremony, error));
    return error;
  }

  private refusedEvent(
    principal: Principal,
    client: ClientInfo,
    ceremony: 'registration' | 'second_factor',
    refusal: PasskeyRefused,
  ): SecurityEvent {
    return {
      kind: 'passkey.refused',
      actor: { kind: 'user', userId: principal.userId, username: principal.username },
      target: { userId: principal.userId, username: principal.username },
      organizationId: principal.organizationId,
      detail: { ceremony, reason: refusal.reason },
      client,
    };
  }

  private emit(
    kind: SecurityEventKind,
    principal: Principal,
    client: ClientInfo,
    manager: EntityManager,
    detail: Record<string, string | number | boolean>,
  ): Promise<void> {
    return this.events.emit(
      {
        kind,
        actor: { kind: 'user', userId: principal.userId, username: principal.username },
        target: { userId: principal.userId, username: principal.username },
        organizationId: principal.organizationId,
        detail,
        client,
      },
      manager,
    );
  }
}

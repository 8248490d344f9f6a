import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { Secret } from 'otpauth';
import { toString as qrCodeSvg } from 'qrcode';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../http/app-error';
import type { ClientInfo } from '../http/client-info';
import { httpConfig } from '../http/http.config';
import type { SecurityEventKind } from '../security-events/security-event';
import { SecurityEvents } from '../security-events/security-events.service';
import type { Principal } from '../sessions/authenticated-request';
import { PasswordConfirmation } from '../users/password-confirmation';
import type { MfaEnrollmentDto, MfaStatusDto } from './dto/mfa.dto';
import { MFA_CLOCK, type Clock } from './mfa-clock';
import { mfaError, mfaFieldProblem } from './mfa.errors';
import { MfaRepository } from './mfa.repository';
import { MfaSecrets } from './mfa-secrets';
import { TOTP_AUTHENTICATOR, type TotpAuthenticator } from './totp-authenticator';

/** An account's own MFA settings: turning it on and off, and its recovery codes. */
@Injectable()
export class MfaService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Mfa');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: MfaRepository,
    private readonly secrets: MfaSecrets,
    @Inject(TOTP_AUTHENTICATOR) private readonly totp: TotpAuthenticator,
    @Inject(MFA_CLOCK) private readonly clock: Clock,
    @Inject(httpConfig.KEY) private readonly http: ConfigType<typeof httpConfig>,
    private readonly events: SecurityEvents,
    private readonly confirmation: PasswordConfirmation,
  ) {}

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
        configuredKeyId: this.secrets.keyId,
      });
    }
  }

  /**
   * Stored secrets sealed under a key other than the configured one, counted per key id (the second
   * part of a sealed value, see SecretBox).
   */
  secretsUnderOtherKeys(): Promise<{ keyId: string; secrets: number }[]> {
    return this.repository.secretsUnderOtherKeys(this.secrets.keyId);
  }

  async status(principal: Principal): Promise<MfaStatusDto> {
    const row = await this.repository.status(principal.userId);
    return {
      enabled: row !== undefined,
      enabledAt: row?.enabled_at.toISOString() ?? null,
      recoveryCodesRemaining: row?.remaining ?? 0,
    };
  }

  /** A new pending secret (replacing an unconfirmed one); MFA stays off until it is confirmed. */
  async startEnrollment(principal: Principal): Promise<MfaEnrollmentDto> {
    const secret = this.totp.generateSecret();
    const sealed = this.secrets.seal(secret, principal.userId);
    if (!(await this.repository.startEnrollment(principal.userId, sealed))) {
      throw mfaError('MFA_ALREADY_ENABLED');
    }
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
    const row = await this.repository.credential(principal.userId);
    if (!row) throw mfaError('MFA_ENROLLMENT_NOT_STARTED');
    if (row.enabled_at) throw mfaError('MFA_ALREADY_ENABLED');
    const step = this.totp.verify(
      this.secrets.open(row.secret_sealed, principal.userId),
      code,
      this.clock.now(),
    );
    if (step === null) {
      throw new AppError('VALIDATION_FAILED', [mfaFieldProblem('MFA_CODE_INVALID', 'code')]);
    }

    return this.dataSource.transaction(async (manager) => {
      // Conditional on the secret just checked: a restart in another tab cannot enable an unseen one.
      if (!(await this.repository.enable(manager, principal.userId, row.secret_sealed, step))) {
        throw mfaError('MFA_ENROLLMENT_NOT_STARTED');
      }
      const codes = await this.replaceRecoveryCodes(manager, principal.userId);
      await this.emit('mfa.enabled', principal, client, manager);
      return codes;
    });
  }

  async disable(
    principal: Principal,
    currentPassword: string | undefined,
    client: ClientInfo,
  ): Promise<void> {
    await this.confirmation.confirm(principal, currentPassword, client, 'mfa_disable');
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.repository.disable(manager, principal.userId))) {
        throw mfaError('MFA_NOT_ENABLED');
      }
      await this.emit('mfa.disabled', principal, client, manager);
    });
  }

  async regenerateRecoveryCodes(
    principal: Principal,
    currentPassword: string | undefined,
    client: ClientInfo,
  ): Promise<string[]> {
    await this.confirmation.confirm(principal, currentPassword, client, 'recovery_codes');
    return this.dataSource.transaction(async (manager) => {
      // The row lock orders this against a concurrent disable.
      if (!(await this.repository.lockEnabled(manager, principal.userId))) {
        throw mfaError('MFA_NOT_ENABLED');
      }
      const codes = await this.replaceRecoveryCodes(manager, principal.userId);
      await this.emit('mfa.recovery_codes_regenerated', principal, client, manager);
      return codes;
    });
  }

  private async replaceRecoveryCodes(manager: EntityManager, userId: string): Promise<string[]> {
    const { codes, hashes } = this.secrets.newRecoveryCodes();
    await this.repository.replaceRecoveryCodes(manager, userId, hashes);
    return codes;
  }

  private emit(
    kind: SecurityEventKind,
    principal: Principal,
    client: ClientInfo,
    manager: EntityManager,
  ): Promise<void> {
    return this.events.emit(
      {
        kind,
        actor: { kind: 'user', userId: principal.userId, username: principal.username },
        target: { userId: principal.userId, username: principal.username },
        organizationId: principal.organizationId,
        client,
      },
      manager,
    );
  }
}

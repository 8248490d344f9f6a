import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { mfaConfig } from './mfa.config';
import { generateRecoveryCodes, RecoveryCodeHasher } from './recovery-codes';
import { SecretBox } from './secret-box';

/** The MFA key's two uses: sealing TOTP secrets, and hashing recovery codes. */
@Injectable()
export class MfaSecrets {
  private readonly box: SecretBox;
  private readonly recoveryCodes: RecoveryCodeHasher;

  constructor(@Inject(mfaConfig.KEY) config: ConfigType<typeof mfaConfig>) {
    this.box = new SecretBox(config.encryptionKey);
    this.recoveryCodes = new RecoveryCodeHasher(config.encryptionKey);
  }

  /** The id of the configured key, as sealed values name it. */
  get keyId(): string {
    return this.box.id;
  }

  seal(secret: Buffer, userId: string): string {
    return this.box.seal(secret, userId);
  }

  open(sealed: string, userId: string): Buffer {
    return this.box.open(sealed, userId);
  }

  hashRecoveryCode(code: string): Buffer {
    return this.recoveryCodes.hash(code);
  }

  /** New recovery codes in clear (shown once) and their hashes (stored). */
  newRecoveryCodes(): { codes: string[]; hashes: Buffer[] } {
    const codes = generateRecoveryCodes();
    return { codes, hashes: codes.map((code) => this.recoveryCodes.hash(code)) };
  }
}

import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Secret, TOTP } from 'otpauth';
import type { TotpAccount, TotpAuthenticator } from './totp-authenticator';

export interface TotpSettings {
  digits: number;
  periodSeconds: number;
  /** Time steps accepted either side of the current one. */
  window: number;
}

/** What every common authenticator app accepts; RFC 6238 recommends one step of drift. */
export const DEFAULT_TOTP_SETTINGS: TotpSettings = { digits: 6, periodSeconds: 30, window: 1 };

const SECRET_BYTES = 20;

/** RFC 6238 with HMAC-SHA-1 through the `otpauth` library. */
@Injectable()
export class OtpauthTotpAuthenticator implements TotpAuthenticator {
  private readonly settings: TotpSettings;

  // Nest builds it without arguments; tests pass other settings (e.g. RFC 6238's 8-digit vectors).
  constructor(settings?: Partial<TotpSettings>) {
    this.settings = { ...DEFAULT_TOTP_SETTINGS, ...settings };
  }

  generateSecret(): Buffer {
    return randomBytes(SECRET_BYTES);
  }

  keyUri(secret: Buffer, account: TotpAccount): string {
    return this.totp(secret, account).toString();
  }

  generate(secret: Buffer, at: Date): string {
    return this.totp(secret).generate({ timestamp: at.getTime() });
  }

  verify(secret: Buffer, code: string, at: Date): number | null {
    const token = code.replace(/\s/g, '');
    if (!new RegExp(`^\\d{${this.settings.digits}}$`).test(token)) return null;
    const timestamp = at.getTime();
    const delta = this.totp(secret).validate({ token, timestamp, window: this.settings.window });
    if (delta === null) return null;
    return Math.floor(timestamp / 1000 / this.settings.periodSeconds) + delta;
  }

  private totp(secret: Buffer, account?: TotpAccount): TOTP {
    return new TOTP({
      issuer: account?.issuer,
      // The label becomes "issuer:username", and the issuer is also the URI's issuer parameter.
      label: account?.accountName,
      issuerInLabel: true,
      algorithm: 'SHA1',
      digits: this.settings.digits,
      period: this.settings.periodSeconds,
      secret: new Secret({ buffer: Uint8Array.from(secret).buffer }),
    });
  }
}

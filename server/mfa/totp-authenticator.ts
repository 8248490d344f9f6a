export const TOTP_AUTHENTICATOR = Symbol('TOTP_AUTHENTICATOR');

/** Where an `otpauth://` URI says the code comes from: shown by the authenticator app. */
export interface TotpAccount {
  issuer: string;
  /** The username; the URI's label is `issuer:accountName`. */
  accountName: string;
}

/**
 * Time-based one-time passwords (RFC 6238) for the sign-in's second step.
 *
 * The default is `OtpauthTotpAuthenticator` (SHA-1, 6 digits, 30 seconds, one time step of drift
 * either side). To use other settings or another library, implement this interface in an
 * `@Injectable()` class and pass it to `MfaModule.forRoot({ authenticator: MyAuthenticator })`.
 * Every call takes the time explicitly, so that the caller's clock decides and tests control it.
 * Replay protection is not the authenticator's job: `verify` answers the time step a code matched
 * and the caller lets each step through at most once per account.
 */
export interface TotpAuthenticator {
  /** A new shared secret from a CSPRNG (RFC 4226 recommends 160 bits). */
  generateSecret(): Buffer;

  /** The `otpauth://totp/...` URI that authenticator apps read from the QR code. */
  keyUri(secret: Buffer, account: TotpAccount): string;

  /** The code for the time step containing `at`. */
  generate(secret: Buffer, at: Date): string;

  /**
   * The time step whose code `code` is, searching the accepted drift window around `at`, or null
   * when it matches none. Malformed input is simply null.
   */
  verify(secret: Buffer, code: string, at: Date): number | null;
}

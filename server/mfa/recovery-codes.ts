import { createHmac, randomInt } from 'node:crypto';
import { deriveKey } from './secret-box';

export const RECOVERY_CODE_COUNT = 10;

// No 0/o, 1/l/i: read off paper and typed by hand.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const GROUPS = 3;
const GROUP_LENGTH = 4;

/** Ten new codes like `k7hm-2qpx-9tdn` (12 characters of 31: about 59 bits each). */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () =>
    Array.from({ length: GROUPS }, () =>
      Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
    ).join('-'),
  );
}

/** What the user typed, as it was generated: case, spaces and hyphens do not matter. */
export function normalizeRecoveryCode(input: string): string {
  return input.toLowerCase().replace(/[\s-]/g, '');
}

/**
 * Stored hashes of recovery codes. A code has about 59 random bits, so guessing it offline is out
 * of reach even with a fast hash; argon2 would only slow sign-in. HMAC under a key derived from
 * the MFA key means the table alone (a leaked backup) does not even allow trying.
 */
export class RecoveryCodeHasher {
  private readonly key: Buffer;

  constructor(encryptionKey: Buffer) {
    this.key = deriveKey(encryptionKey, 'recovery-code');
  }

  hash(code: string): Buffer {
    return createHmac('sha256', this.key).update(normalizeRecoveryCode(code)).digest();
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { PASSWORD_POLICY } from './password-policy';
import type { PasswordPolicy } from './password-policy';

// No look-alikes (0/O/o, 1/l/I), and symbols that read unambiguously when dictated or copied.
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const DIGITS = '23456789';
const SYMBOLS = '!#%+=?@';
const CLASSES = [UPPER, LOWER, DIGITS, SYMBOLS];
const ALPHABET = CLASSES.join('');

const LENGTH = 16;
// A random draw fails the policy only by containing a very short username; a policy that still
// refuses after this many draws cannot be satisfied, and looping on it would hang the request.
const MAX_ATTEMPTS = 100;

@Injectable()
export class TemporaryPasswordGenerator {
  constructor(@Inject(PASSWORD_POLICY) private readonly policy: PasswordPolicy) {}

  /** A random password the active policy accepts for `username`; shown once, never stored in clear. */
  async generate(username: string): Promise<string> {
    const { minLength, maxLength } = this.policy.describe('en');
    const length = Math.min(Math.max(LENGTH, minLength), maxLength);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const password = randomPassword(length);
      const violations = await this.policy.validate({ password, username }, 'en');
      if (violations.length === 0) return password;
    }
    throw new Error(
      `No temporary password satisfied the password policy in ${MAX_ATTEMPTS} attempts`,
    );
  }
}

function randomPassword(length: number): string {
  const chars = [
    ...CLASSES.map(pick),
    ...Array.from({ length: length - CLASSES.length }, () => pick(ALPHABET)),
  ];
  // Fisher–Yates, so the guaranteed characters are not always in front.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  // Never a symbol first: in an account list opened in a spreadsheet, a cell that begins with
  // = + or @ is a formula, and the CSV writer would have to change the password to neutralise it.
  const first = chars.findIndex((c) => !SYMBOLS.includes(c));
  [chars[0], chars[first]] = [chars[first], chars[0]];
  return chars.join('');
}

function pick(alphabet: string): string {
  return alphabet[randomInt(alphabet.length)];
}

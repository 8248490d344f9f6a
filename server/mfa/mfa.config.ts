import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { registerAs } from '@nestjs/config';
import { ConfigError, envOptionalString, envString } from '../config/env';

export const MFA_KEY_VARIABLE = 'MFA_ENCRYPTION_KEY';
export const MFA_KEY_FILE_NAME = 'mfa-encryption.key';
const KEY_BYTES = 32;

export interface MfaSettings {
  /** AES-256-GCM key for the TOTP secrets at rest. */
  encryptionKey: Buffer;
  /** Where the key came from, for the start-up log; never the key itself. */
  keySource: 'environment' | 'file';
  keyFile?: string;
}

type Env = Record<string, string | undefined>;

const HOW_TO = `set ${MFA_KEY_VARIABLE} to 32 random bytes, base64 or hex (e.g. \`openssl rand -base64 32\`)`;

function decodeKey(value: string): Buffer | undefined {
  if (/^[0-9a-f]{64}$/i.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const key = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === KEY_BYTES) return key;
  }
  return undefined;
}

/** Values copied from documentation or left at a default: refused everywhere. */
function isPlaceholder(value: string, key: Buffer): boolean {
  if (/change|placeholder|example|secret|your|xxxx/i.test(value)) return true;
  // All bytes equal (zeros, "AAAA...", "ffff...") is no key.
  return key.every((byte) => byte === key[0]);
}

/**
 * A key file under DATA_DIR, made on first start with mode 0600. Creation is a link of a complete
 * temporary file, so processes starting together agree on one key and never read half a file.
 */
function keyFromFile(dataDir: string): { key: Buffer; file: string } {
  const dir = resolve(dataDir);
  const file = join(dir, MFA_KEY_FILE_NAME);
  const read = () => {
    const key = decodeKey(readFileSync(file, 'utf8').trim());
    if (!key) throw new ConfigError(`${file} does not hold a 32-byte key; remove it or ${HOW_TO}`);
    return { key, file };
  };
  try {
    return read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dir, { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temporary, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
  return read();
}

/**
 * The MFA settings. In production (NODE_ENV=production) the key must come from
 * MFA_ENCRYPTION_KEY; elsewhere, without it, a key file under DATA_DIR is made on first start so
 * that the zero-configuration start and the test suites work. A malformed or placeholder key is
 * refused everywhere.
 */
export function readMfaSettings(env: Env = process.env): MfaSettings {
  const value = envOptionalString(env, MFA_KEY_VARIABLE);
  const production = env.NODE_ENV === 'production';
  if (value !== undefined) {
    const key = decodeKey(value);
    if (!key) throw new ConfigError(`${MFA_KEY_VARIABLE} is not a 32-byte key: ${HOW_TO}`);
    if (isPlaceholder(value, key)) {
      throw new ConfigError(`${MFA_KEY_VARIABLE} is a placeholder, not a key: ${HOW_TO}`);
    }
    return { encryptionKey: key, keySource: 'environment' };
  }
  if (production) {
    throw new ConfigError(
      `${MFA_KEY_VARIABLE} is required in production (NODE_ENV=production): ${HOW_TO}`,
    );
  }
  const { key, file } = keyFromFile(envString(env, 'DATA_DIR', './data'));
  return { encryptionKey: key, keySource: 'file', keyFile: file };
}

export const mfaConfig = registerAs('mfa', (): MfaSettings => readMfaSettings(process.env));

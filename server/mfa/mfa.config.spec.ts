import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../config/env';
import { MFA_KEY_FILE_NAME, readMfaSettings } from './mfa.config';

describe(readMfaSettings.name, () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tobira-mfa-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  const key = randomBytes(32);

  it('reads a 32-byte key in base64, base64url or hex', () => {
    for (const value of [key.toString('base64'), key.toString('base64url'), key.toString('hex')]) {
      const settings = readMfaSettings({ MFA_ENCRYPTION_KEY: value, NODE_ENV: 'production' });
      expect(settings.encryptionKey.equals(key)).toBe(true);
      expect(settings.keySource).toBe('environment');
    }
  });

  it('refuses to start in production without the key, naming the variable', () => {
    expect(() => readMfaSettings({ NODE_ENV: 'production', DATA_DIR: dataDir })).toThrow(
      new ConfigError(
        'MFA_ENCRYPTION_KEY is required in production (NODE_ENV=production): set MFA_ENCRYPTION_KEY to 32 random bytes, base64 or hex (e.g. `openssl rand -base64 32`)',
      ),
    );
  });

  it.each([
    ['too short', randomBytes(16).toString('base64')],
    ['too long', randomBytes(48).toString('hex')],
    ['not base64 or hex', 'not a key at all'],
  ])('refuses a malformed key (%s), in production and elsewhere', (_, value) => {
    for (const NODE_ENV of ['production', 'development']) {
      expect(() => readMfaSettings({ MFA_ENCRYPTION_KEY: value, NODE_ENV })).toThrow(
        /MFA_ENCRYPTION_KEY is not a 32-byte key/,
      );
    }
  });

  it.each([
    ['all zeros', Buffer.alloc(32).toString('base64')],
    ['one repeated byte', 'f'.repeat(64)],
    ['a documentation value', 'change-me-change-me-change-me-change-me-cha'],
  ])('refuses a placeholder key (%s)', (_, value) => {
    expect(() => readMfaSettings({ MFA_ENCRYPTION_KEY: value, NODE_ENV: 'production' })).toThrow(
      /MFA_ENCRYPTION_KEY is (a placeholder|not a 32-byte key)/,
    );
  });

  it('outside production without the key, makes a key file under DATA_DIR once, mode 0600', () => {
    const first = readMfaSettings({ DATA_DIR: dataDir });
    const second = readMfaSettings({ DATA_DIR: dataDir });

    const file = join(dataDir, MFA_KEY_FILE_NAME);
    expect(first.keySource).toBe('file');
    expect(first.keyFile).toBe(file);
    expect(first.encryptionKey).toHaveLength(32);
    expect(second.encryptionKey.equals(first.encryptionKey)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(
      Buffer.from(readFileSync(file, 'utf8').trim(), 'base64').equals(first.encryptionKey),
    ).toBe(true);
  });

  it('refuses a damaged key file rather than making a new key', () => {
    readMfaSettings({ DATA_DIR: dataDir });
    writeFileSync(join(dataDir, MFA_KEY_FILE_NAME), 'garbage\n');
    expect(() => readMfaSettings({ DATA_DIR: dataDir })).toThrow(/does not hold a 32-byte key/);
  });
});

import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

describe(SecretBox.name, () => {
  const key = randomBytes(32);
  const sut = new SecretBox(key);
  const secret = randomBytes(20);

  it('opens what it sealed for the same row', () => {
    expect(sut.open(sut.seal(secret, 'user-1'), 'user-1').equals(secret)).toBe(true);
  });

  it('uses a fresh nonce every time', () => {
    expect(sut.seal(secret, 'user-1')).not.toBe(sut.seal(secret, 'user-1'));
  });

  it('refuses a value copied to another row', () => {
    expect(() => sut.open(sut.seal(secret, 'user-1'), 'user-2')).toThrow();
  });

  it('refuses a value sealed under another key, naming the key ids', () => {
    const other = new SecretBox(randomBytes(32));
    expect(() => other.open(sut.seal(secret, 'user-1'), 'user-1')).toThrow(/sealed under key/);
  });

  it('refuses an altered value', () => {
    const parts = sut.seal(secret, 'user-1').split('.');
    const ciphertext = Buffer.from(parts[3], 'base64url');
    ciphertext[0] ^= 1;
    parts[3] = ciphertext.toString('base64url');
    expect(() => sut.open(parts.join('.'), 'user-1')).toThrow();
  });
});

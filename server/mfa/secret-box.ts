import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** Eight hex digits that name a key without revealing it, so a value made under another key is told apart. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update('tobira-mfa-key-id').update(key).digest('hex').slice(0, 8);
}

/** A sub-key for one purpose, so that the encryption key itself is used for one thing only. */
export function deriveKey(key: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `tobira-mfa:${purpose}`, 32));
}

/**
 * AES-256-GCM for the TOTP secrets at rest. A stored value is `v1.<key id>.<nonce>.<ciphertext>.<tag>`
 * (base64url parts): the version and key id say how to open it, the nonce is fresh for every
 * value, and the associated data (the user id) ties the value to its row so that it cannot be
 * copied to another account.
 */
export class SecretBox {
  private readonly key: Buffer;
  /** The key id (see keyId) that values sealed here carry. */
  readonly id: string;

  constructor(key: Buffer) {
    this.key = deriveKey(key, 'totp-secret');
    this.id = keyId(key);
  }

  seal(plain: Buffer, associatedData: string): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
    return [VERSION, this.id, nonce, ciphertext, cipher.getAuthTag()]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** The plain value; throws when the value was sealed under another key, for another row, or altered. */
  open(sealed: string, associatedData: string): Buffer {
    const [version, id, nonce, ciphertext, tag] = sealed.split('.');
    if (version !== VERSION || tag === undefined) throw new Error('unknown sealed value format');
    if (id !== this.id) throw new Error(`sealed under key ${id}, configured key is ${this.id}`);
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(nonce, 'base64url'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
  }
}

import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { isoCBOR } from '@simplewebauthn/server/helpers';

/**
 * A test-only WebAuthn authenticator and client: ES256 keys from node:crypto, CBOR from the
 * encoder @simplewebauthn/server itself uses (@levischuck/tiny-cbor via isoCBOR), so that
 * registrations and assertions are made and signed in the test, and any part of them can be
 * changed to what an attacker or a broken authenticator would send.
 */
const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_BE = 0x08;
const FLAG_BS = 0x10;
const FLAG_AT = 0x40;

const b64url = (data: Uint8Array | Buffer | string) => Buffer.from(data).toString('base64url');

export interface SoftwareCredential {
  id: string;
  privateKey: KeyObject;
  publicKeyCose: Uint8Array;
  userHandle: string;
  rpId: string;
  counter: number;
  backupEligible: boolean;
  backedUp: boolean;
}

/** What a test may bend in a ceremony. */
export interface Bend {
  origin?: string;
  rpId?: string;
  challenge?: string;
  type?: string;
  userVerified?: boolean;
  /** The counter to report (after this use), instead of the next one. */
  counter?: number;
  backupEligible?: boolean;
  backedUp?: boolean;
  /** Sign with another key than the credential's. */
  wrongKey?: boolean;
  /** The COSE algorithm the new key claims (registration). */
  coseAlg?: number;
  /** Use this credential id (another account's, an unknown one) instead of the chosen one. */
  credentialId?: string;
}

export class SoftwareAuthenticator {
  readonly credentials: SoftwareCredential[] = [];

  constructor(
    readonly origin: string,
    private readonly options: { backupEligible?: boolean; counterStart?: number } = {},
  ) {}

  /** Answers navigator.credentials.create(options) with a new ES256 key pair. */
  create(
    options: PublicKeyCredentialCreationOptionsJSON,
    bend: Bend = {},
  ): RegistrationResponseJSON {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const publicKeyCose = isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, bend.coseAlg ?? -7],
        [-1, 1],
        [-2, new Uint8Array(Buffer.from(jwk.x!, 'base64url'))],
        [-3, new Uint8Array(Buffer.from(jwk.y!, 'base64url'))],
      ]),
    );
    const id = randomBytes(16);
    const rpId = options.rp.id ?? new URL(this.origin).hostname;
    const credential: SoftwareCredential = {
      id: b64url(id),
      privateKey,
      publicKeyCose,
      userHandle: options.user.id,
      rpId,
      counter: this.options.counterStart ?? 0,
      backupEligible: this.options.backupEligible ?? true,
      backedUp: this.options.backupEligible ?? true,
    };
    const attested = Buffer.concat([
      Buffer.alloc(16), // AAGUID: none
      Buffer.from([id.length >> 8, id.length & 0xff]),
      id,
      Buffer.from(publicKeyCose),
    ]);
    const authData = this.authenticatorData(credential, bend, FLAG_AT, attested);
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Map<string, string> | Uint8Array>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, string>()],
        ['authData', new Uint8Array(authData)],
      ]),
    );
    this.credentials.push(credential);
    return {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key',
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
      response: {
        clientDataJSON: this.clientData('webauthn.create', options.challenge, bend),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
    };
  }

  /** Answers navigator.credentials.get(options) with `credential` (the last made by default). */
  get(
    options: PublicKeyCredentialRequestOptionsJSON,
    bend: Bend = {},
    credential: SoftwareCredential = this.credentials[this.credentials.length - 1],
  ): AuthenticationResponseJSON {
    if (bend.counter === undefined) credential.counter += 1;
    const authData = this.authenticatorData(credential, bend, 0);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, bend);
    const signed = Buffer.concat([
      authData,
      createHash('sha256').update(Buffer.from(clientDataJSON, 'base64url')).digest(),
    ]);
    const key = bend.wrongKey
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
      : credential.privateKey;
    const id = bend.credentialId ?? credential.id;
    return {
      id,
      rawId: id,
      type: 'public-key',
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
      response: {
        clientDataJSON,
        authenticatorData: b64url(authData),
        signature: b64url(sign('sha256', signed, key)),
        userHandle: credential.userHandle,
      },
    };
  }

  private clientData(type: string, challenge: string, bend: Bend): string {
    return b64url(
      JSON.stringify({
        type: bend.type ?? type,
        challenge: bend.challenge ?? challenge,
        origin: bend.origin ?? this.origin,
        crossOrigin: false,
      }),
    );
  }

  private authenticatorData(
    credential: SoftwareCredential,
    bend: Bend,
    extraFlags: number,
    attested: Buffer = Buffer.alloc(0),
  ): Buffer {
    const be = bend.backupEligible ?? credential.backupEligible;
    const bs = bend.backedUp ?? credential.backedUp;
    const flags =
      FLAG_UP |
      (bend.userVerified === false ? 0 : FLAG_UV) |
      (be ? FLAG_BE : 0) |
      (bs ? FLAG_BS : 0) |
      extraFlags;
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(bend.counter ?? credential.counter);
    return Buffer.concat([
      createHash('sha256')
        .update(bend.rpId ?? credential.rpId)
        .digest(),
      Buffer.from([flags]),
      counter,
      attested,
    ]);
  }
}

import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import {
  COSEALG,
  decodeAttestationObject,
  decodeClientDataJSON,
  isoBase64URL,
  parseAuthenticatorData,
  type ParsedAuthenticatorData,
} from '@simplewebauthn/server/helpers';
import { httpConfig } from '../http/http.config';
import { PasskeyRefused, type PasskeyRefusal } from './passkey-problem';

/**
 * EdDSA, ES256 and RS256: what authenticators make. The library would put ML-DSA-44 first where the
 * runtime has it, but Node 24's ML-DSA is still experimental, and its 2.4 KB signatures are no
 * passkey's today; a key of any other algorithm is refused at registration.
 */
export const SUPPORTED_ALGORITHMS = [COSEALG.EdDSA, COSEALG.ES256, COSEALG.RS256];

/** How long a browser may take to answer, as told to it; the server's limit is the challenge's. */
export const CEREMONY_TIMEOUT_MS = 5 * 60_000;

/** A registered credential as the checks of an assertion need it. */
export interface StoredCredential {
  credentialId: string;
  publicKey: Buffer;
  signCount: number;
  backupEligible: boolean;
  transports: string[];
}

export interface NewCredential {
  credentialId: string;
  publicKey: Buffer;
  signCount: number;
  backupEligible: boolean;
  backedUp: boolean;
  transports: string[];
  aaguid: string | null;
}

export interface Assertion {
  signCount: number;
  backedUp: boolean;
}

/**
 * Tobira as a WebAuthn relying party: its id is PUBLIC_URL's host name and the one origin it accepts
 * is PUBLIC_URL's origin (both validated at start with PUBLIC_URL). Options and verification are
 * @simplewebauthn/server's; before calling it, the parts whose failure has a name of its own
 * (origin, RP id, user verification, counter, backup flags) are checked here with its decoders, so
 * that every refusal says why.
 */
@Injectable()
export class RelyingParty {
  readonly id: string;
  readonly origin: string;
  readonly name: string;
  private readonly idHash: Buffer;

  constructor(@Inject(httpConfig.KEY) http: ConfigType<typeof httpConfig>) {
    this.id = http.publicUrl.hostname;
    this.origin = http.publicUrl.origin;
    this.name = http.productName;
    this.idHash = createHash('sha256').update(this.id).digest();
  }

  registrationOptions(
    user: { id: string; username: string },
    exclude: { credentialId: string; transports: string[] }[],
  ): Promise<PublicKeyCredentialCreationOptionsJSON> {
    return generateRegistrationOptions({
      rpName: this.name,
      rpID: this.id,
      userName: user.username,
      userDisplayName: user.username,
      // The user handle: the account's uuid, which tells nothing about the person.
      userID: new Uint8Array(Buffer.from(user.id.replace(/-/g, ''), 'hex')),
      // The library draws the challenge (32 random bytes); the caller stores options.challenge.
      timeout: CEREMONY_TIMEOUT_MS,
      attestationType: 'none',
      excludeCredentials: exclude.map((c) => ({ id: c.credentialId, transports: c.transports })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
    });
  }

  authenticationOptions(
    allow?: { credentialId: string; transports: string[] }[],
  ): Promise<PublicKeyCredentialRequestOptionsJSON> {
    return generateAuthenticationOptions({
      rpID: this.id,
      timeout: CEREMONY_TIMEOUT_MS,
      userVerification: 'required',
      allowCredentials: allow?.map((c) => ({ id: c.credentialId, transports: c.transports })),
    });
  }

  async verifyRegistration(
    credential: RegistrationResponseJSON,
    expectedChallenge: string,
  ): Promise<NewCredential> {
    this.checkClientData(credential.response.clientDataJSON, 'webauthn.create', expectedChallenge);
    const authData = attempt(() =>
      parseAuthenticatorData(
        decodeAttestationObject(isoBase64URL.toBuffer(credential.response.attestationObject)).get(
          'authData',
        ),
      ),
    );
    this.checkAuthenticatorData(authData);
    const result = await attempt(() =>
      verifyRegistrationResponse({
        response: credential,
        expectedChallenge,
        expectedOrigin: this.origin,
        expectedRPID: this.id,
        requireUserVerification: true,
        supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
      }),
    );
    if (!result.verified) throw new PasskeyRefused('signature_invalid');
    const info = result.registrationInfo;
    return {
      credentialId: info.credential.id,
      publicKey: Buffer.from(info.credential.publicKey),
      signCount: info.credential.counter,
      backupEligible: info.credentialDeviceType === 'multiDevice',
      backedUp: info.credentialBackedUp,
      transports: credential.response.transports ?? [],
      aaguid: info.aaguid === '00000000-0000-0000-0000-000000000000' ? null : info.aaguid,
    };
  }

  async verifyAuthentication(
    credential: AuthenticationResponseJSON,
    expectedChallenge: string,
    stored: StoredCredential,
  ): Promise<Assertion> {
    this.checkClientData(credential.response.clientDataJSON, 'webauthn.get', expectedChallenge);
    const authData = attempt(() =>
      parseAuthenticatorData(isoBase64URL.toBuffer(credential.response.authenticatorData)),
    );
    this.checkAuthenticatorData(authData);
    // A counter that does not move past the stored one means a cloned authenticator (§6.1.1);
    // authenticators that keep no counter send 0 every time.
    if ((authData.counter > 0 || stored.signCount > 0) && authData.counter <= stored.signCount) {
      throw new PasskeyRefused('counter_regressed');
    }
    // Backup eligibility is fixed when the credential is made (§6.1.3): a change is another key.
    if (authData.flags.be !== stored.backupEligible) {
      throw new PasskeyRefused('backup_state_invalid');
    }
    const result = await attempt(() =>
      verifyAuthenticationResponse({
        response: credential,
        expectedChallenge,
        expectedOrigin: this.origin,
        expectedRPID: this.id,
        requireUserVerification: true,
        credential: {
          id: stored.credentialId,
          publicKey: new Uint8Array(stored.publicKey),
          counter: stored.signCount,
          transports: stored.transports,
        },
      }),
    );
    if (!result.verified) throw new PasskeyRefused('signature_invalid');
    return {
      signCount: result.authenticationInfo.newCounter,
      backedUp: result.authenticationInfo.credentialBackedUp,
    };
  }

  private checkClientData(data: string, type: string, expectedChallenge: string): void {
    const clientData = attempt(() => decodeClientDataJSON(data));
    if (typeof clientData !== 'object' || clientData === null) {
      throw new PasskeyRefused('malformed');
    }
    if (clientData.type !== type) throw new PasskeyRefused('wrong_type');
    if (clientData.challenge !== expectedChallenge) throw new PasskeyRefused('challenge_mismatch');
    if (clientData.origin !== this.origin) throw new PasskeyRefused('wrong_origin');
    if (clientData.crossOrigin === true) throw new PasskeyRefused('wrong_origin');
  }

  private checkAuthenticatorData(authData: ParsedAuthenticatorData): void {
    if (!Buffer.from(authData.rpIdHash).equals(this.idHash)) {
      throw new PasskeyRefused('wrong_rp_id');
    }
    if (!authData.flags.up || !authData.flags.uv) throw new PasskeyRefused('user_not_verified');
    // Backed up but not eligible for backup is a contradiction (§6.1, flag BS without BE).
    if (authData.flags.bs && !authData.flags.be) throw new PasskeyRefused('backup_state_invalid');
  }
}

/**
 * Runs a decoder or verifier of the library; what it throws becomes a named refusal (malformed
 * input throws from deep inside its CBOR and ASN.1 decoders), never a 500.
 */
function attempt<T>(run: () => T): T {
  try {
    const value = run();
    if (value instanceof Promise) {
      return value.catch((error: unknown) => {
        throw refusalOf(error);
      }) as T;
    }
    return value;
  } catch (error) {
    throw refusalOf(error);
  }
}

function refusalOf(error: unknown): PasskeyRefused {
  if (error instanceof PasskeyRefused) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'UNEXPECTED_RP_ID') return new PasskeyRefused('wrong_rp_id');
  if (code === 'UNEXPECTED_ORIGIN') return new PasskeyRefused('wrong_origin');
  const message = error instanceof Error ? error.message : '';
  const reason: PasskeyRefusal = /public key alg/i.test(message)
    ? 'unsupported_algorithm'
    : /counter/i.test(message)
      ? 'counter_regressed'
      : /challenge/i.test(message)
        ? 'challenge_mismatch'
        : /origin/i.test(message)
          ? 'wrong_origin'
          : /user verification|user not present|user presence/i.test(message)
            ? 'user_not_verified'
            : /signature/i.test(message)
              ? 'signature_invalid'
              : 'malformed';
  return new PasskeyRefused(reason);
}

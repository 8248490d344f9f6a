import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { AppError, type FieldProblem } from '../http/app-error';

/**
 * The browser's answer (PublicKeyCredential.toJSON, as @simplewebauthn/browser sends it), checked
 * for shape before any of it is decoded: every part a base64url string of bounded size, so that a
 * malformed or oversized answer is a 400 naming its field, never a library error or a 500. What the
 * parts mean (CBOR, COSE, signatures) is left to @simplewebauthn/server.
 */
const BASE64URL = /^[A-Za-z0-9_-]*$/;
/** Authenticators' credential ids are at most 1023 bytes (WebAuthn L3 §5.8.3). */
const MAX_ID = 1400;
/** An attestation object with `none` attestation is a few hundred bytes; packed ones a few KB. */
const MAX_BLOB = 8192;
const TRANSPORTS = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);

type Problems = FieldProblem[];

function base64url(
  value: unknown,
  field: string,
  max: number,
  problems: Problems,
  optional = false,
): string {
  if (value === undefined && optional) return '';
  if (typeof value !== 'string') {
    problems.push({ field, code: value === undefined ? 'REQUIRED' : 'INVALID_TYPE' });
    return '';
  }
  if (value.length === 0 && !optional) problems.push({ field, code: 'REQUIRED' });
  else if (value.length > max) problems.push({ field, code: 'TOO_LONG', params: { max } });
  else if (!BASE64URL.test(value)) problems.push({ field, code: 'INVALID' });
  return value;
}

function record(value: unknown, field: string, problems: Problems): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return value as Record<string, unknown>;
  }
  problems.push({ field, code: value === undefined ? 'REQUIRED' : 'INVALID' });
  return {};
}

function common(value: unknown, problems: Problems) {
  const credential = record(value, 'credential', problems);
  const id = base64url(credential.id, 'credential.id', MAX_ID, problems);
  const rawId = base64url(credential.rawId, 'credential.rawId', MAX_ID, problems);
  if (credential.id !== undefined && credential.rawId !== undefined && id !== rawId) {
    problems.push({ field: 'credential.rawId', code: 'INVALID' });
  }
  if (credential.type !== 'public-key')
    problems.push({ field: 'credential.type', code: 'INVALID' });
  const attachment = credential.authenticatorAttachment;
  if (attachment !== undefined && attachment !== 'platform' && attachment !== 'cross-platform') {
    problems.push({ field: 'credential.authenticatorAttachment', code: 'INVALID' });
  }
  const extensions = credential.clientExtensionResults ?? {};
  record(extensions, 'credential.clientExtensionResults', problems);
  const response = record(credential.response, 'credential.response', problems);
  return {
    id,
    rawId,
    response,
    authenticatorAttachment: attachment as 'platform' | 'cross-platform' | undefined,
    // Tobira asks for no extension; whatever the browser reports is not used.
    clientExtensionResults: {},
    type: 'public-key' as const,
  };
}

function raise(problems: Problems): void {
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', problems);
}

export function readRegistrationCredential(value: unknown): RegistrationResponseJSON {
  const problems: Problems = [];
  const { response, ...rest } = common(value, problems);
  const field = (name: string) => `credential.response.${name}`;
  const clientDataJSON = base64url(
    response.clientDataJSON,
    field('clientDataJSON'),
    MAX_BLOB,
    problems,
  );
  const attestationObject = base64url(
    response.attestationObject,
    field('attestationObject'),
    MAX_BLOB,
    problems,
  );
  let transports: string[] = [];
  if (response.transports !== undefined) {
    const given = response.transports;
    if (
      !Array.isArray(given) ||
      given.length > TRANSPORTS.size ||
      !given.every((t) => typeof t === 'string' && TRANSPORTS.has(t))
    ) {
      problems.push({ field: field('transports'), code: 'INVALID' });
    } else {
      transports = [...new Set(given as string[])];
    }
  }
  raise(problems);
  return { ...rest, response: { clientDataJSON, attestationObject, transports } };
}

export function readAuthenticationCredential(value: unknown): AuthenticationResponseJSON {
  const problems: Problems = [];
  const { response, ...rest } = common(value, problems);
  const field = (name: string) => `credential.response.${name}`;
  const clientDataJSON = base64url(
    response.clientDataJSON,
    field('clientDataJSON'),
    MAX_BLOB,
    problems,
  );
  const authenticatorData = base64url(
    response.authenticatorData,
    field('authenticatorData'),
    MAX_BLOB,
    problems,
  );
  const signature = base64url(response.signature, field('signature'), 1024, problems);
  const userHandle =
    response.userHandle === null
      ? ''
      : base64url(response.userHandle, field('userHandle'), 128, problems, true);
  raise(problems);
  return {
    ...rest,
    response: {
      clientDataJSON,
      authenticatorData,
      signature,
      ...(userHandle ? { userHandle } : {}),
    },
  };
}

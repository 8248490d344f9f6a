export type OidcClientsErrorCode =
  'CLIENT_NOT_FOUND' | 'CLIENT_NAME_TAKEN' | 'CLIENT_INVALID' | 'CONTRACT_NOT_FOUND';

/** A refused client command of the operator's CLI; `message` names what was wrong. */
export class OidcClientsError extends Error {
  constructor(
    readonly code: OidcClientsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OidcClientsError';
  }
}

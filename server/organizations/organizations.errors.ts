export type OrganizationsErrorCode =
  | 'ORGANIZATION_INVALID'
  | 'ORGANIZATION_NAME_TAKEN'
  | 'ORGANIZATION_NOT_FOUND'
  | 'USERNAME_INVALID'
  | 'USERNAME_TAKEN'
  | 'DATE_INVALID';

const MESSAGES = {
  ORGANIZATION_INVALID: 'A contract needs a name and a plan of 1 to 100 characters.',
  ORGANIZATION_NAME_TAKEN:
    'A contract with that name already exists (names are unique regardless of case).',
  ORGANIZATION_NOT_FOUND: 'No contract has that name.',
  USERNAME_INVALID:
    'A username is 1 to 64 characters: letters A-Z a-z, digits, and . _ @ - (not first).',
  USERNAME_TAKEN: 'A username is already in use or given twice (unique regardless of case).',
  DATE_INVALID: 'Dates must be real dates in the form YYYY-MM-DD.',
} as const satisfies Record<OrganizationsErrorCode, string>;

export class OrganizationsError extends Error {
  constructor(
    readonly code: OrganizationsErrorCode,
    detail?: string,
  ) {
    super(detail ? `${MESSAGES[code]} (${detail})` : MESSAGES[code]);
    this.name = 'OrganizationsError';
  }
}

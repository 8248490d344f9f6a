/** The signed-in account as `GET /api/auth/session` describes it (docs/api.md, "Session"). */
export type Role = 'user' | 'admin';

export interface Session {
  readonly username: string;
  readonly role: Role;
  /** ISO date (YYYY-MM-DD) of the account's last valid day, or null when unset. */
  readonly expiresOn: string | null;
  readonly passwordChangeRequired: boolean;
  /** The password was right and the MFA code step is still to come. */
  readonly mfaRequired: boolean;
}

/** How a session's sign-in began: the password, or a passkey alone (both factors at once). */
export type SignInMethod = 'password' | 'passkey';

/** The second factor its MFA step took, if it had one. */
export type SecondFactor = 'totp' | 'recovery_code' | 'passkey';

/** How a session was authenticated, kept on the session itself (see SessionsService.signInOf). */
export interface SessionSignIn {
  /** When the session began (the MFA step keeps it). */
  startedAt: Date;
  method: SignInMethod;
  secondFactor: SecondFactor | null;
}

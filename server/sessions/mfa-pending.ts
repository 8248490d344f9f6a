/** How long a session may wait for its MFA code after the right password. */
export const MFA_PENDING_MS = 5 * 60_000;

/** Wrong codes a pending session may send; the next one ends it. */
export const MFA_MAX_FAILED_ATTEMPTS = 5;

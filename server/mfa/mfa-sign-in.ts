import type { EntityManager } from 'typeorm';

/** How long a session may wait for its MFA code after the right password. */
export const MFA_PENDING_MS = 5 * 60_000;

/** Wrong codes a pending session may send; the next one ends it. */
export const MFA_MAX_FAILED_ATTEMPTS = 5;

/** Whether signing in as this account needs the code step (MFA confirmed, not just started). */
export async function isMfaEnabled(manager: EntityManager, userId: string): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    'SELECT 1 FROM mfa_credentials WHERE user_id = $1 AND enabled_at IS NOT NULL',
    [userId],
  );
  return rows.length > 0;
}

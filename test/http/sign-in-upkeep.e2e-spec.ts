import { DEFAULT_ORGANIZATION_ID } from '../../server/organizations/organization.entity';
import { createTestApp } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';

// Its own file: one live application per file (passport's strategies are process-wide).
describe('Sign-in upkeep in the running application', () => {
  it('deletes timed-out sessions and stale failure counters when the application starts', async () => {
    const db = await createTestDatabase();
    try {
      const [{ id: userId }]: { id: string }[] = await db.dataSource.query(
        `INSERT INTO users (username, role, password_hash, password_is_temporary, organization_id)
         VALUES ('upkeep', 'user', 'not-a-hash', false, $1) RETURNING id`,
        [DEFAULT_ORGANIZATION_ID],
      );
      const session = (label: string, lastSeen: string) =>
        db.dataSource.query(
          `INSERT INTO sessions (user_id, token_hash, absolute_expires_at, last_seen_at, user_agent)
           VALUES ($1, sha256(convert_to($2::text, 'UTF8')), now() + interval '1 hour', ${lastSeen}, $2::text)`,
          [userId, label],
        );
      await session('live', 'now()');
      await session('idle', `now() - interval '2 hours'`);
      await db.dataSource.query(
        `INSERT INTO sign_in_throttles (scope, key, failures, first_failure_at, last_failure_at)
         VALUES ('address', '192.0.2.1', 5, now() - interval '1 day', now() - interval '1 day'),
                ('address', '192.0.2.2', 5, now(), now())`,
      );

      const sut = await createTestApp({}, db);
      // Stopping waits for the run that started with the application.
      await sut.close();

      const sessions: { user_agent: string }[] = await db.dataSource.query(
        'SELECT user_agent FROM sessions',
      );
      expect(sessions.map((s) => s.user_agent)).toEqual(['live']);
      const throttles: { key: string }[] = await db.dataSource.query(
        'SELECT key FROM sign_in_throttles',
      );
      expect(throttles.map((t) => t.key)).toEqual(['192.0.2.2']);
    } finally {
      await db.drop();
    }
  });
});

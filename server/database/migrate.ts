import type { DataSource, Migration } from 'typeorm';

// Any fixed number: every instance asks PostgreSQL for the same advisory lock.
const MIGRATION_LOCK_KEY = 7_305_041_961;

/**
 * Applies pending migrations, holding a session-level advisory lock so that instances starting at
 * the same time against one database run them exactly once: the others wait, then find none pending.
 */
export async function runMigrations(dataSource: DataSource): Promise<Migration[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await dataSource.runMigrations({ transaction: 'all' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}

import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../server/database/data-source-options';
import { runMigrations } from '../../server/database/migrate';

/** The PostgreSQL server the suites run against; `npm test` sets it (embedded when none is given). */
export function serverUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run the suites through `npm test`.');
  return url;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export interface TestDatabase {
  url: string;
  dataSource: DataSource;
  drop(): Promise<void>;
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new database with the real migrations applied, private to one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `tobira_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = withDatabase(serverUrl(), name);
  const dataSource = new DataSource(buildDataSourceOptions(url, 2));
  await dataSource.initialize();
  await runMigrations(dataSource);
  return {
    url,
    dataSource,
    drop: async () => {
      await dataSource.destroy();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/**
 * Tables that record refused attempts on purpose: the audit log, and the attempt counters (every
 * sign-in attempt is counted before it is checked).
 */
export const RECORDS_OF_ATTEMPTS = ['audit_events', 'sign_in_throttles'];

/**
 * Every row of every table of the schema (found in the catalogue, so tables added later are
 * covered) but the migrations' own and those in `except`, to prove that a refused request wrote
 * nothing.
 */
export async function snapshotTables(
  dataSource: DataSource,
  except: string[] = RECORDS_OF_ATTEMPTS,
): Promise<Record<string, unknown[]>> {
  const tables: { name: string }[] = await dataSource.query(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
        AND table_name <> 'migrations' AND NOT (table_name = ANY($1))
      ORDER BY table_name`,
    [except],
  );
  const entries = await Promise.all(
    tables.map(
      async ({ name }) =>
        [name, await dataSource.query(`SELECT * FROM "${name}" ORDER BY 1`)] as const,
    ),
  );
  return Object.fromEntries(entries);
}

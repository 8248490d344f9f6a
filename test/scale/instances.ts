import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { proxyTo, spawnNginx } from '../support/nginx';

export const ROOT = resolve(__dirname, '..', '..');
/** The build under test (`npm run build` writes dist/). */
export const DIST = resolve(ROOT, process.env.SCALE_DIST ?? process.env.E2E_DIST ?? 'dist');
/** Two instances on PORT and PORT + 1, nginx on PORT + 2. */
export const PORT = Number(process.env.SCALE_PORT ?? 3203);

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** An empty database of its own on the server named by DATABASE_URL. */
export async function emptyDatabase(name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set: run this suite through `npm test`.');
  const drop = () =>
    withClient(base, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
  await drop();
  await withClient(base, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop };
}

async function waitFor(check: () => Promise<boolean>, what: string, exited: () => boolean) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited()) throw new Error(`${what}: the process exited`);
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: timed out`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Instance {
  name: string;
  base: string;
  log(): string;
  stop(): Promise<void>;
}

function supervise(name: string, child: ChildProcess, base: string, healthPath: string) {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exited = false;
  const exit = new Promise<void>((r) =>
    child.on('exit', () => {
      exited = true;
      r();
    }),
  );
  const instance: Instance = {
    name,
    base,
    log: () => output,
    stop: async () => {
      if (!exited) child.kill('SIGTERM');
      await exit;
    },
  };
  const ready = waitFor(
    async () => (await fetch(`${base}${healthPath}`)).ok,
    `${name} did not become healthy`,
    () => exited,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${output}`);
  });
  return { instance, ready };
}

/** `node <dist>/server/main.js` on `port`; `ready` settles once /api/health answers 200. */
export function startInstance(
  name: string,
  databaseUrl: string,
  port: number,
  dataDir: string,
  env: Record<string, string> = {},
) {
  const child = spawn(process.execPath, [join(DIST, 'server/main.js')], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      CLIENT_DIR: join(DIST, 'client/browser'),
      TRUST_PROXY: 'loopback',
      // Shared, as every replica must share its keys; a temp folder rather than the checkout's.
      DATA_DIR: dataDir,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return supervise(name, child, `http://127.0.0.1:${port}`, '/api/health');
}

/**
 * nginx round-robin over `upstreams`, naming the instance that answered in X-Upstream.
 */
export function startNginx(port: number, upstreams: number[]) {
  const nginx = spawnNginx({
    port,
    accessLog: true,
    http: `  upstream tobira {
${upstreams.map((p) => `    server 127.0.0.1:${p};`).join('\n')}
    keepalive 8;
  }`,
    server: `    location / {
${proxyTo('tobira')}
      add_header X-Upstream $upstream_addr always;
    }`,
  });
  const instance: Instance = {
    name: 'nginx',
    base: nginx.base,
    log: nginx.errorLog,
    stop: nginx.stop,
  };
  return { instance, ready: nginx.ready };
}

/** Issues an account the way an operator does: the built CLI, with --json. */
export function issueAccount(databaseUrl: string, username: string) {
  const out = execFileSync(
    process.execPath,
    [join(DIST, 'server/cli/main.js'), 'account', 'create', '--username', username, '--json'],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: 'utf8' },
  );
  return JSON.parse(out) as { username: string; temporaryPassword: string };
}

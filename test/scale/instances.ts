import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

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
 * Debian's nginx in the foreground with a configuration of its own: round-robin over `upstreams`,
 * pid, logs and temp files in a temp folder. It names the instance that answered in X-Upstream.
 */
export function startNginx(port: number, upstreams: number[]) {
  const dir = mkdtempSync(join(tmpdir(), 'tobira-nginx-'));
  const asRoot = process.getuid?.() === 0 ? 'user root;' : '';
  writeFileSync(
    join(dir, 'nginx.conf'),
    `${asRoot}
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream tobira {
${upstreams.map((p) => `    server 127.0.0.1:${p};`).join('\n')}
    keepalive 8;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://tobira;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`,
  );
  const child = spawn(
    'nginx',
    ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const started = supervise('nginx', child, `http://127.0.0.1:${port}`, '/api/health');
  const stop = started.instance.stop;
  started.instance.stop = async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  };
  started.instance.log = () => {
    try {
      return readFileSync(join(dir, 'error.log'), 'utf8');
    } catch {
      return '';
    }
  };
  return started;
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

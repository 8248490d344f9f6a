import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { TS_REGISTER } from './cli';

const ROOT = resolve(__dirname, '../..');

/** The XSRF token a test sends as both the cookie and the header (the server checks they match). */
export const TEST_XSRF = 'server-process-xsrf-token-0123456789abcdef';

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** server/main.ts in a Node process of its own, started but not yet known to answer. */
export interface SpawnedServer {
  child: ChildProcess;
  base: string;
  stdout(): string;
  stderr(): string;
  /** Every JSON line of standard output so far. */
  lines(): Record<string, unknown>[];
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`; its exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

export type ServerProcess = SpawnedServer;

/**
 * server/main.ts in a Node process of its own, as an operator starts it (through ts-node, so no
 * build is needed), on a free port of 127.0.0.1, with `env` on top of this process's own
 * (UV_THREADPOOL_SIZE only when `env` sets it; a variable `env` sets to undefined is left out).
 */
export async function spawnServerProcess(
  databaseUrl: string,
  env: Record<string, string | undefined> = {},
): Promise<SpawnedServer> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    TS_NODE_PROJECT: 'server/tsconfig.json',
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    ...env,
  };
  if (!('UV_THREADPOOL_SIZE' in env)) delete childEnv.UV_THREADPOOL_SIZE;
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete childEnv[name];
  const child = spawn(process.execPath, ['-r', TS_REGISTER, 'server/main.ts'], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let gone = false;
  const exited = new Promise<number | null>((done) =>
    child.on('exit', (code) => {
      gone = true;
      done(code);
    }),
  );
  return {
    child,
    base: `http://127.0.0.1:${port}`,
    stdout: () => stdout,
    stderr: () => stderr,
    lines: () =>
      stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    exited,
    stop: async (graceMs = 30_000) => {
      if (gone) return exited;
      child.kill('SIGTERM');
      // A server that does not stop must not outlive the suite (Jest would wait for it).
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** spawnServerProcess, once /api/health/live answers. */
export async function startServerProcess(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const server = await spawnServerProcess(databaseUrl, env);
  let gone = false;
  void server.exited.then(() => (gone = true));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (gone) throw new Error(`the server exited:\n${server.stdout()}\n${server.stderr()}`);
    const up = await fetch(`${server.base}/api/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return server;
    if (Date.now() > deadline) {
      await server.stop(0);
      throw new Error(`the server did not start:\n${server.stdout()}\n${server.stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A server that should refuse to start: its exit code and standard error. One still running after
 * `waitMs` (it did not refuse) is stopped, and its code is null.
 */
export async function startupRefusal(
  databaseUrl: string,
  env: Record<string, string | undefined>,
  waitMs = 90_000,
): Promise<{ code: number | null; stderr: string }> {
  const run = await spawnServerProcess(databaseUrl, env);
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([
    run.exited,
    new Promise<'running'>((done) => (timer = setTimeout(() => done('running'), waitMs))),
  ]);
  clearTimeout(timer);
  if (code === 'running') await run.stop(0);
  return { code: code === 'running' ? null : code, stderr: run.stderr() };
}

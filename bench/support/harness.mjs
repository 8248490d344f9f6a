// What the benchmark modules share: databases, the built server as a child process, seed data and
// the load generator. Lives in bench/support/ so that the runner does not take it for a benchmark.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import argon2 from 'argon2';
import autocannon from 'autocannon';
import pg from 'pg';

/** A long enough double-submit token: the server only checks that cookie and header match. */
export const XSRF = 'bench-xsrf-token-0123456789abcdef0123456789';
export const PASSWORD = 'Bench-password-7f3k!';

export function databaseUrl(serverUrl, name) {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function sql(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh empty database on the server; returns its URL and a function that drops it. */
export async function freshDatabase(serverUrl, name) {
  await sql(serverUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  return {
    url: databaseUrl(serverUrl, name),
    drop: () => sql(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

/** One hash for every seeded account, made with the parameters the build's server is configured with. */
export async function seedHash(dist) {
  const { readPasswordHashingSettings } = await import(
    pathToFileURL(join(dist, 'server/password-hashing/password-hashing.config.js')).href
  );
  const params = readPasswordHashingSettings(process.env);
  return argon2.hash(PASSWORD, {
    type: argon2.argon2id,
    memoryCost: params.memoryKib,
    timeCost: params.timeCost,
    parallelism: params.parallelism,
  });
}

export function sessionToken(i) {
  return `bench-session-token-${i}`;
}

export function username(i) {
  return `bench${i}`;
}

/**
 * `count` active accounts (bench1..benchN) sharing one password hash, and one session per account
 * whose token is sessionToken(i). generate_series inside PostgreSQL: a million rows take a minute or
 * two, not a million round trips.
 */
export async function seed(url, count, passwordHash) {
  await sql(url, async (c) => {
    await c.query('SET synchronous_commit = off');
    await c.query("SET maintenance_work_mem = '256MB'");
    const { rows } = await c.query(
      `SELECT column_name FROM information_schema.columns
        WHERE table_name = 'users' AND column_name = 'organization_id'`,
    );
    // Contracts (organizations) came later; when they exist every account belongs to one.
    const organization = rows.length > 0;
    await c.query(
      `INSERT INTO users (username, role, password_hash, password_is_temporary${organization ? ', organization_id' : ''})
       SELECT 'bench' || i, 'user', $1, false${organization ? ', (SELECT id FROM organizations ORDER BY created_at LIMIT 1)' : ''}
         FROM generate_series(1, $2::int) AS i`,
      [passwordHash, count],
    );
    await c.query(
      `INSERT INTO sessions (user_id, token_hash, absolute_expires_at)
       SELECT id, sha256(convert_to('bench-session-token-' || substr(username, 6), 'UTF8')),
              now() + interval '12 hours'
         FROM users WHERE username LIKE 'bench%'`,
    );
    await c.query('VACUUM ANALYZE users');
    await c.query('VACUUM ANALYZE sessions');
  });
}

export function tokenHash(token) {
  return createHash('sha256').update(token).digest();
}

function readStatus(pid, field) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return match ? Number(match[1]) : NaN;
}

/**
 * The built server (`node <dist>/server/main.js`) on `port`, once /api/health answers. Its log goes
 * to a file: a pipe to this process would make the benchmark pay for reading it.
 */
export async function startServer({ dist, databaseUrl: url, port, env = {}, logDir, name }) {
  // Another process on the port would answer the health check in our server's place.
  await new Promise((resolveFree, rejectBusy) => {
    const probe = createServer();
    probe.once('error', () =>
      rejectBusy(new Error(`port ${port} is in use: set BENCH_PORT to a free range`)),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(resolveFree));
  });
  const logFile = join(logDir, `${name}.log`);
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, [resolve(dist, 'server/main.js')], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      CLIENT_DIR: resolve(dist, 'client/browser'),
      DATA_DIR: logDir,
      ...env,
    },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  let exited = null;
  const exit = new Promise((resolveExit) =>
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolveExit();
    }),
  );
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`${name} exited (${JSON.stringify(exited)}); see ${logFile}`);
    try {
      const res = await globalThis.fetch(`${base}/api/health`);
      if (res.ok && !exited) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${name} did not become healthy; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    pid: child.pid,
    logFile,
    /** Peak resident memory of the server process so far, in KiB (VmHWM). */
    peakRssKiB: () => readStatus(child.pid, 'VmHWM'),
    rssKiB: () => readStatus(child.pid, 'VmRSS'),
    stop: async () => {
      if (!exited) child.kill('SIGTERM');
      await exit;
    },
  };
}

/** Runs autocannon and measures the CPU this process (the load generator) used meanwhile. */
export async function load(options) {
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const result = await autocannon({ timeout: 30, ...options });
  const wallUs = Number(process.hrtime.bigint() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { ...result, clientCpuCores: (cpu.user + cpu.system) / wallUs };
}

export function statusCounts(result) {
  const counts = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count]),
  );
  if (result.errors > 0) counts.errors = result.errors;
  if (result.timeouts > 0) counts.timeouts = result.timeouts;
  return counts;
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** CPU seconds a process has used so far (all its threads), or null when it is gone. */
export function processCpuSeconds(pid) {
  return cpuSecondsOfStat(`/proc/${pid}/stat`);
}

function cpuSecondsOfStat(path) {
  try {
    const stat = readFileSync(path, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/**
 * CPU time spent by the server process (all its threads, the hashing pool included) and by the
 * PostgreSQL backends serving its database, between start() and stop(). The backends are found in
 * pg_stat_activity and read from /proc, so this works only with PostgreSQL on this machine; else
 * stop() answers null. This is what lets a figure leave out the load generator and the neighbours.
 * After stop(), parts() splits the same time into the server's main thread (the event loop), its
 * other threads (libuv's pool, which hashes, and V8's helpers) and PostgreSQL.
 */
export async function cpuMeter(serverPid, url) {
  const pids = await sql(url, async (c) => {
    const { rows } = await c.query(
      `SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    return rows.map((r) => r.pid);
  });
  const local = pids.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('postgres');
    } catch {
      return false;
    }
  });
  if (local.length === 0) return { stop: () => null, parts: () => null };
  const mainThread = `/proc/${serverPid}/task/${serverPid}/stat`;
  const all = [serverPid, ...local];
  const before = new Map(all.map((pid) => [pid, processCpuSeconds(pid)]));
  const mainBefore = cpuSecondsOfStat(mainThread);
  let parts = null;
  return {
    stop: () => {
      const used = (pid) => {
        const after = processCpuSeconds(pid);
        return after !== null && before.get(pid) !== null ? after - before.get(pid) : 0;
      };
      const server = used(serverPid);
      const postgres = local.reduce((n, pid) => n + used(pid), 0);
      const main = (cpuSecondsOfStat(mainThread) ?? mainBefore) - mainBefore;
      parts = { main, otherThreads: server - main, postgres };
      return server + postgres;
    },
    parts: () => parts,
  };
}

/** The machine's CPU time so far, from the first line of /proc/stat: all of it, and the steal. */
function machineTicks() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/);
  // user nice system idle iowait irq softirq steal (guest time is already counted in user)
  const ticks = fields.slice(1, 9).map(Number);
  return { all: ticks.reduce((n, t) => n + t, 0), steal: ticks[7] };
}

/**
 * Hypervisor steal: the share of this virtual machine's CPU time that its vCPUs spent waiting for
 * a physical CPU the host gave to someone else. Nothing inside the machine can see that work or
 * wait for it to end; it only shows here. Each run: `const stop = meter.start()`, then `stop()`
 * when it ends; `share()` is the steal over all runs so far.
 */
export function stealMeter() {
  let all = 0;
  let steal = 0;
  return {
    start: () => {
      const before = machineTicks();
      return () => {
        const after = machineTicks();
        all += after.all - before.all;
        steal += after.steal - before.steal;
      };
    },
    share: () => (all > 0 ? steal / all : 0),
  };
}

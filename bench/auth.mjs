// Sign-in against the argon2id limit, the session check against a bare route, both with 1,000 and
// with 1,000,000 accounts and sessions, and 500 sign-ins at once. See docs/benchmarks.md.
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join, resolve } from 'node:path';
import {
  PASSWORD,
  XSRF,
  cpuMeter,
  processCpuSeconds,
  freshDatabase,
  load,
  seed,
  seedHash,
  sessionToken,
  sql,
  startServer,
  stealMeter,
  statusCounts,
  username,
} from './support/harness.mjs';
import { pooledPercentile, wrk } from './support/wrk.mjs';

// BENCH_QUICK=1: seconds instead of minutes and 10,000 rows instead of a million, to try the
// harness; its figures are not the ones to publish.
const quick = process.env.BENCH_QUICK === '1';
const SIGN_IN_CONNECTIONS = 16;
// Raw hashing and sign-in alternate in blocks (raw, sign-in, sign-in, raw, then the mirror image),
// so that a background load that rises or falls through the run weighs on both alike.
const BLOCKS = quick ? 1 : 4;
const ROUND_SECONDS = quick ? 2 : 4;
const READ_CONNECTIONS = 64;
const READ_SECONDS = quick ? 3 : 10;
// The session check and the bare route alternate too, in blocks of four rounds like the sign-ins;
// each round has a second of warm-up of its own, so that it starts on open connections and a route
// the JIT has settled on, and the latencies of all rounds of a route are pooled into one histogram.
const READ_BLOCKS = quick ? 1 : 2;
const READ_ROUND_SECONDS = quick ? 2 : 5;
const ROUND_WARM_UP_SECONDS = 1;
const WARM_UP_SECONDS = quick ? 1 : 3;
// Sign-ins come at 80-100 per second, so V8 takes most of a minute to compile their path: the
// measured rounds start after a minute of sign-ins at the same load, as a server that has run for
// a while answers them.
const SIGN_IN_WARM_UP_SECONDS = quick ? 1 : 60;
const ACTIVE_SESSIONS = 1000;
const FLOOD = 500;
const POOL_SIZES = [4, 10, 20];
const SCALES = [
  { label: '1k', count: 1_000 },
  quick ? { label: '10k', count: 10_000 } : { label: '1M', count: 1_000_000 },
];

const cores = availableParallelism();
// The extra sign-in row: more hashes in flight than cores, each on a thread of its own, so that a
// loss from running them all at once shows on small machines too.
const OVERSUBSCRIBED = 4 * cores;
const RAW_VERIFY = resolve(import.meta.dirname, 'support/raw-verify.mjs');
const pct = (x) => `${(x * 100).toFixed(1)} %`;
const num = (x, digits = 1) => x.toFixed(digits);
const mib = (kib) => `${(kib / 1024).toFixed(0)} MiB`;
const verdict = (ok) => (ok ? 'met' : '**missed**');
const ms = (seconds) => `${(seconds * 1000).toFixed(seconds < 0.001 ? 3 : 1)} ms`;
const load1 = () => loadavg()[0].toFixed(2);

/**
 * Verifies per second with `concurrency` verifies always in flight, in a Node process of its own
 * whose libuv pool has a thread for each (this one's pool started, at 4 threads, before any code of
 * ours ran), and the CPU time that process spent on them.
 */
function rawVerifyRate(hash, concurrency, seconds) {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [RAW_VERIFY, hash, PASSWORD, String(concurrency), String(seconds)],
      {
        env: { PATH: process.env.PATH, UV_THREADPOOL_SIZE: String(concurrency + 4) },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0 ? done(JSON.parse(out)) : fail(new Error(`raw verify exited with ${code}`)),
    );
  });
}

/** Waits (at most 10 s) until the process uses less than a tenth of a core. */
export async function settle(pid) {
  const deadline = Date.now() + 10_000;
  let before = processCpuSeconds(pid);
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    const now = processCpuSeconds(pid);
    if (now === null || now - before < 0.02) return;
    before = now;
  }
}

/** Answers over all sign-in rounds: 2xx, other statuses, socket errors and timeouts (wrk's). */
function wrkCounts(results) {
  const sum = (field) => results.reduce((n, r) => n + r[field], 0);
  const counts = { '2xx': sum('ok') };
  if (sum('non2xx') > 0) counts['non-2xx'] = sum('non2xx');
  if (sum('errors') > 0) counts.errors = sum('errors');
  if (sum('timeouts') > 0) counts.timeouts = sum('timeouts');
  return counts;
}

function signInRequest(count) {
  return {
    method: 'POST',
    path: '/api/auth/login',
    headers: {
      'content-type': 'application/json',
      cookie: `XSRF-TOKEN=${XSRF}`,
      'x-xsrf-token': XSRF,
    },
    setupRequest: (req) => ({
      ...req,
      body: JSON.stringify({
        username: username(1 + Math.floor(Math.random() * count)),
        password: PASSWORD,
      }),
    }),
  };
}

/** The sign-in for wrk: an account drawn at random from all `count` seeded ones. */
export function signInRequestLua(count) {
  return `math.randomseed(os.time())
request = function()
  return wrk.format('POST', '/api/auth/login',
    { ['Content-Type'] = 'application/json', ['Cookie'] = 'XSRF-TOKEN=${XSRF}',
      ['X-XSRF-Token'] = '${XSRF}' },
    '{"username":"bench' .. math.random(1, ${count}) .. '","password":"${PASSWORD}"}')
end`;
}

/**
 * The same thousand active sessions, spread evenly over however many the table holds, each request
 * with a session drawn at random. Both requests carry the XSRF cookie a browser holds after its
 * first answer, so that neither pays for issuing one.
 */
export function sessionRequestLua(count) {
  const stride = Math.floor(count / ACTIVE_SESSIONS);
  return `math.randomseed(1)
request = function()
  local i = 1 + ${stride} * math.random(0, ${ACTIVE_SESSIONS - 1})
  return wrk.format('GET', '/api/auth/session',
    { ['Cookie'] = 'XSRF-TOKEN=${XSRF}; tobira_session=${sessionToken('')}' .. i })
end`;
}

// Built on first use: at load time wrk has not set the Host header yet.
const BARE_REQUEST_LUA = `local req = nil
request = function()
  req = req or wrk.format('GET', '/api/config', { ['Cookie'] = 'XSRF-TOKEN=${XSRF}' })
  return req
end`;

/** A warm-up, then the measured run (wrk) with the server's and its backends' CPU time per 2xx. */
async function measured(server, dbUrl, requestLua, connections, seconds, dir) {
  const url = server.base;
  await wrk({ url, requestLua, connections, seconds: WARM_UP_SECONDS, dir });
  const meter = await cpuMeter(server.pid, dbUrl);
  const steal = stealMeter();
  const stopSteal = steal.start();
  const result = await wrk({ url, requestLua, connections, seconds, dir });
  stopSteal();
  const cpu = meter.stop();
  return {
    ...result,
    cpuPerRequest: cpu === null || result.ok === 0 ? null : cpu / result.ok,
    steal: steal.share(),
  };
}

/**
 * The bare route and the session check in alternating rounds (see READ_BLOCKS): per route, the
 * rate and CPU per answer over all its rounds, and the latency percentiles of all its answers.
 */
async function alternatingReads(server, dbUrl, routes, dir) {
  const url = server.base;
  const connections = READ_CONNECTIONS;
  for (const requestLua of Object.values(routes)) {
    await wrk({ url, requestLua, connections, seconds: WARM_UP_SECONDS, dir });
  }
  const runs = Object.fromEntries(
    Object.keys(routes).map((name) => [name, { results: [], cpu: 0, steal: stealMeter() }]),
  );
  const round = async (name) => {
    const run = runs[name];
    const requestLua = routes[name];
    await wrk({ url, requestLua, connections, seconds: ROUND_WARM_UP_SECONDS, dir });
    const meter = await cpuMeter(server.pid, dbUrl);
    const stopSteal = run.steal.start();
    const result = await wrk({ url, requestLua, connections, seconds: READ_ROUND_SECONDS, dir });
    stopSteal();
    const cpu = meter.stop();
    run.cpu = cpu === null || run.cpu === null ? null : run.cpu + cpu;
    run.results.push(result);
  };
  const [first, second] = Object.keys(routes);
  for (let block = 0; block < READ_BLOCKS; block += 1) {
    const order = block % 2 === 0 ? [first, second, second, first] : [second, first, first, second];
    for (const name of order) await round(name);
  }
  return Object.fromEntries(
    Object.entries(runs).map(([name, run]) => {
      const ok = run.results.reduce((n, r) => n + r.ok, 0);
      const seconds = run.results.reduce((n, r) => n + r.duration, 0);
      const p99s = run.results.map((r) => r.latency.p99);
      const measuredLatencies = run.results.map((r) => r.measured);
      return [
        name,
        {
          ok,
          rate: ok / seconds,
          latency: {
            p50: pooledPercentile(measuredLatencies, 50),
            p99: pooledPercentile(measuredLatencies, 99),
            correctedP99: pooledPercentile(
              run.results.map((r) => r.corrected),
              99,
            ),
          },
          roundP99: { min: Math.min(...p99s), max: Math.max(...p99s) },
          cpuPerRequest: run.cpu === null || ok === 0 ? null : run.cpu / ok,
          clientCpuCores:
            run.results.reduce((n, r) => n + r.clientCpuCores, 0) / run.results.length,
          steal: run.steal.share(),
        },
      ];
    }),
  );
}

/**
 * Sign-ins through `server` (a minute of warm-up, then rounds alternating with raw verifies of the
 * seeded hash, `cores` in flight: the machine's limit), and where their CPU went.
 */
async function signInAgainstLimit({ server, db, hash, count, connections, logDir }) {
  const loadBefore = load1();
  const signInLua = signInRequestLua(count);
  await wrk({
    url: server.base,
    requestLua: signInLua,
    connections,
    seconds: SIGN_IN_WARM_UP_SECONDS,
    dir: logDir,
  });
  let rawCount = 0;
  let rawSeconds = 0;
  let rawCpu = 0;
  let signInCount = 0;
  let signInSeconds = 0;
  let signInCpu = 0;
  const signInParts = { main: 0, otherThreads: 0, postgres: 0 };
  const signIns = [];
  const rawSteal = stealMeter();
  const signInSteal = stealMeter();
  const rawRound = async () => {
    const stopSteal = rawSteal.start();
    const raw = await rawVerifyRate(hash, cores, ROUND_SECONDS);
    stopSteal();
    rawCount += raw.count;
    rawSeconds += raw.seconds;
    rawCpu += raw.cpu;
  };
  const signInRound = async () => {
    const meter = await cpuMeter(server.pid, db.url);
    const stopSteal = signInSteal.start();
    const result = await wrk({
      url: server.base,
      requestLua: signInLua,
      connections,
      seconds: ROUND_SECONDS,
      dir: logDir,
    });
    stopSteal();
    const cpu = meter.stop();
    const parts = meter.parts();
    for (const key of Object.keys(signInParts)) {
      signInParts[key] = parts === null ? null : signInParts[key] + parts[key];
    }
    // wrk stops with sign-ins still queued at the gate; they finish before the next raw round.
    await settle(server.pid);
    signInCpu = cpu === null || signInCpu === null ? null : signInCpu + cpu;
    signIns.push(result);
    signInCount += result.ok;
    signInSeconds += result.duration;
  };
  for (let block = 0; block < BLOCKS; block += 1) {
    const order =
      block % 2 === 0
        ? [rawRound, signInRound, signInRound, rawRound]
        : [signInRound, rawRound, rawRound, signInRound];
    for (const round of order) await round();
  }
  const rawRate = rawCount / rawSeconds;
  const rawCpuPerVerify = rawCpu / rawCount;
  const signInRate = signInCount / signInSeconds;
  const signIn = {
    counts: wrkCounts(signIns),
    clientCpuCores: signIns.reduce((n, r) => n + r.clientCpuCores, 0) / signIns.length,
    steal: signInSteal.share(),
  };
  const limit = {
    rate: rawRate,
    concurrency: cores,
    cpuPerVerify: rawCpuPerVerify,
    steal: rawSteal.share(),
  };
  const signInCpuPer = signInCpu === null ? null : signInCpu / signInCount;
  const signInCpuParts =
    signInParts.main === null
      ? null
      : Object.fromEntries(Object.entries(signInParts).map(([k, v]) => [k, v / signInCount]));
  return { loadBefore, limit, signIn, signInRate, signInCpuPer, signInCpuParts };
}

/**
 * The sign-in comparison again, on the 1k database, with a gate that admits four hashes per core at
 * once, each on a thread of its own: what running more hashes than cores costs shows on a small
 * machine too. Twice as many connections as hashes, as in the default row, so the gate stays full.
 */
async function oversubscribedRun({ ctx, db, hash, logDir }) {
  const server = await startServer({
    dist: ctx.dist,
    databaseUrl: db.url,
    port: ctx.port + 3,
    logDir,
    name: `server-1k-hash-concurrency-${OVERSUBSCRIBED}`,
    env: { HASH_CONCURRENCY: String(OVERSUBSCRIBED) },
  });
  const connections = Math.max(SIGN_IN_CONNECTIONS, 2 * OVERSUBSCRIBED);
  try {
    const run = await signInAgainstLimit({ server, db, hash, count: 1000, connections, logDir });
    ctx.log(
      `1k, HASH_CONCURRENCY=${OVERSUBSCRIBED}: raw ${num(run.limit.rate)}/s, sign-in ${num(run.signInRate)}/s ${JSON.stringify(run.signIn.counts)}`,
    );
    return { scale: { label: `1k, HASH_CONCURRENCY=${OVERSUBSCRIBED}` }, connections, ...run };
  } finally {
    await server.stop();
  }
}

async function scaleRun({ ctx, hash, scale, logDir }) {
  const { log } = ctx;
  const db = await freshDatabase(ctx.databaseUrl, `tobira_bench_${scale.label.toLowerCase()}`);
  let server = await startServer({
    dist: ctx.dist,
    databaseUrl: db.url,
    port: ctx.port,
    logDir,
    name: `server-${scale.label}`,
  });
  try {
    const seedStarted = performance.now();
    await seed(db.url, scale.count, hash);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    log(`${scale.label}: seeded ${scale.count} accounts and sessions in ${num(seedSeconds)} s`);
    // A fresh process, so that the figures do not depend on what ran before the seed.
    await server.stop();
    server = await startServer({
      dist: ctx.dist,
      databaseUrl: db.url,
      port: ctx.port,
      logDir,
      name: `server-${scale.label}`,
    });

    const { loadBefore, limit, signIn, signInRate, signInCpuPer, signInCpuParts } =
      await signInAgainstLimit({
        server,
        db,
        hash,
        count: scale.count,
        connections: SIGN_IN_CONNECTIONS,
        logDir,
      });
    log(
      `${scale.label}: raw ${num(limit.rate)}/s, sign-in ${num(signInRate)}/s ${JSON.stringify(signIn.counts)}`,
    );

    // The sign-ins wrote sessions, last sign-ins and audit records, enough for autovacuum to
    // clean up after them in the middle of the reads; it does so now, and the reads get a fresh
    // server process, like the sign-ins.
    await server.stop();
    await sql(db.url, (c) => c.query('VACUUM ANALYZE'));
    server = await startServer({
      dist: ctx.dist,
      databaseUrl: db.url,
      port: ctx.port,
      logDir,
      name: `server-${scale.label}-reads`,
    });
    const loadReads = load1();
    const { bare, session } = await alternatingReads(
      server,
      db.url,
      { bare: BARE_REQUEST_LUA, session: sessionRequestLua(scale.count) },
      logDir,
    );
    log(
      `${scale.label}: bare ${num(bare.rate, 0)}/s p99 ${bare.latency.p99} ms, session ${num(session.rate, 0)}/s p99 ${session.latency.p99} ms`,
    );
    return {
      scale,
      seedSeconds,
      loadBefore,
      loadReads,
      limit,
      signIn,
      signInRate,
      signInCpuPer,
      signInCpuParts,
      bare,
      bareRate: bare.rate,
      session,
      sessionRate: session.rate,
      db,
    };
  } finally {
    await server.stop();
  }
}

/** 500 sign-ins sent at once to a fresh server; its peak memory and every answer's status. */
async function poolSizes({ ctx, dbUrl, logDir }) {
  const rows = [];
  for (const size of POOL_SIZES) {
    const server = await startServer({
      dist: ctx.dist,
      databaseUrl: dbUrl,
      port: ctx.port + 2,
      logDir,
      name: `pool-${size}`,
      env: { DB_POOL_SIZE: String(size) },
    });
    try {
      const session = await measured(
        server,
        dbUrl,
        sessionRequestLua(1000),
        READ_CONNECTIONS,
        READ_SECONDS,
        logDir,
      );
      rows.push({
        size,
        rate: session.rate,
        latency: session.latency,
        cpu: session.cpuPerRequest,
        steal: session.steal,
      });
      ctx.log(`session check with DB_POOL_SIZE=${size}: ${num(session.rate, 0)}/s`);
    } finally {
      await server.stop();
    }
  }
  return rows;
}

async function flood({ ctx, dbUrl, logDir, name, env }) {
  const server = await startServer({
    dist: ctx.dist,
    databaseUrl: dbUrl,
    port: ctx.port + 1,
    logDir,
    name,
    env,
  });
  try {
    const idle = server.peakRssKiB();
    const result = await load({
      url: server.base,
      requests: [signInRequest(1000)],
      connections: FLOOD,
      amount: FLOOD,
      // Without the gate's bounds the last of 500 waits for 499 hashes: seconds, on a busy machine more.
      timeout: 120,
    });
    return { idle, peak: server.peakRssKiB(), counts: statusCounts(result), result };
  } finally {
    await server.stop();
  }
}

export default async function authBenchmarks(ctx) {
  const logDir = await mkdtemp(join(tmpdir(), 'tobira-bench-logs-'));
  const hash = await seedHash(ctx.dist);

  const runs = [];
  let oversubscribed;
  let floods;
  let pools = [];
  try {
    for (const scale of SCALES) {
      const run = await scaleRun({ ctx, hash, scale, logDir });
      runs.push(run);
      if (scale.count === 1000) {
        oversubscribed = await oversubscribedRun({ ctx, db: run.db, hash, logDir });
        const gated = await flood({ ctx, dbUrl: run.db.url, logDir, name: 'flood-gated' });
        ctx.log(`500 at once, gated: ${JSON.stringify(gated.counts)} peak ${mib(gated.peak)}`);
        const ungated = await flood({
          ctx,
          dbUrl: run.db.url,
          logDir,
          name: 'flood-unbounded-queue',
          env: { HASH_QUEUE_LIMIT: '100000', HASH_QUEUE_WAIT_MS: '60000' },
        });
        ctx.log(
          `500 at once, unbounded: ${JSON.stringify(ungated.counts)} peak ${mib(ungated.peak)}`,
        );
        floods = { gated, ungated };
        pools = await poolSizes({ ctx, dbUrl: run.db.url, logDir });
      }
    }
  } finally {
    for (const run of runs) await run.db.drop();
  }
  return {
    title: 'Sign-in and sessions',
    markdown: report(runs, oversubscribed, floods, pools, logDir),
  };
}

function report(runs, oversubscribed, floods, pools, logDir) {
  const [small, large] = runs;
  const signInRows = oversubscribed ? [small, oversubscribed, ...runs.slice(1)] : runs;
  const lines = [];
  lines.push(`### Sign-in against the argon2id limit

Baseline: argon2id verifies of the seeded hash with ${cores} always in flight, in a Node process of
their own whose libuv pool has a thread for each (both cores busy, nothing else of ours running). Measured:
\`POST /api/auth/login\` over HTTP (XSRF cookie and header, validation, one query for the account
with its throttles, the verify through the hashing gate, one statement for the session, the last
sign-in and the audit record, cookies) with wrk at ${SIGN_IN_CONNECTIONS} connections; usernames drawn at random
from all seeded accounts; only 2xx answers count. After ${SIGN_IN_WARM_UP_SECONDS} s of sign-ins at the same load (warm-up: V8
compiles the sign-in path during its first minute of traffic, see *What limits the figures*) the two alternate in
${BLOCKS} blocks of four ${ROUND_SECONDS}-second rounds (raw, sign-in, sign-in, raw, then the mirror image), so that both
see the same background load on this shared machine, and after each sign-in round the next waits
until the server has finished the sign-ins still queued when wrk stopped. The rates are totals
over all rounds (answers or verifies over seconds).${
    oversubscribed
      ? `
The row \`HASH_CONCURRENCY=${OVERSUBSCRIBED}\` does the same against a server whose gate admits ${OVERSUBSCRIBED} hashes at
once (four per core; wrk at ${oversubscribed.connections} connections), each on a thread of libuv's pool (the server sizes
it from \`HASH_CONCURRENCY\`, see docs/deploy.md): the cores are shared by more hashes than there
are cores, as they are whenever \`HASH_CONCURRENCY\` is set above the cores, and the raw baseline
stays at one verify per core, the machine's limit.`
      : ''
  }

Two ratios. *By throughput*: sign-ins per second over verifies per second, both wall-clock, as the
target is worded; on a busy machine it swings with the neighbours. *By CPU*: CPU time per verify
in the raw run (its process, \`process.cpuUsage()\`) over CPU time per sign-in of the server
process (all its threads, hashing included) plus the PostgreSQL backends serving it (from
\`/proc/<pid>/stat\`): the sign-in rate two dedicated cores would reach, as a share of the raw
rate. It leaves out the load generator and the neighbours, which is how this run accounts for
sharing the cores with them. "Steal" is explained under *What limits the figures*.

| accounts | raw verify (limit) | end-to-end sign-in | by throughput | CPU per verify | CPU per sign-in | by CPU | target ≥ 90 % | wrk CPU | load before | steal: raw / sign-in rounds |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`);
  for (const r of signInRows) {
    const ratio = r.signInRate / r.limit.rate;
    const byCpu = r.signInCpuPer === null ? null : r.limit.cpuPerVerify / r.signInCpuPer;
    lines.push(
      `| ${r.scale.label} | ${num(r.limit.rate)}/s | ${num(r.signInRate)}/s ${JSON.stringify(r.signIn.counts)} | ${pct(ratio)} | ${ms(r.limit.cpuPerVerify)} | ${r.signInCpuPer === null ? 'n/a' : ms(r.signInCpuPer)} | ${byCpu === null ? 'n/a' : pct(byCpu)} | throughput ${verdict(ratio >= 0.9)}, CPU ${byCpu === null ? 'n/a' : verdict(byCpu >= 0.9)} | ${num(r.signIn.clientCpuCores, 2)} cores | ${r.loadBefore} | ${pct(r.limit.steal)} / ${pct(r.signIn.steal)} |`,
    );
  }
  if (signInRows.every((r) => r.signInCpuParts !== null)) {
    lines.push(`
Where a sign-in's CPU goes, per sign-in, from /proc during the same rounds: the server's main thread
(the event loop), its other threads (libuv's pool, which runs the verify, and V8's helpers for
garbage collection and compilation) and the PostgreSQL backends. The verify itself is counted at
the raw run's CPU per verify; everything above it is what Tobira adds.

| accounts | event loop | other server threads | of which beyond the raw verify | PostgreSQL | added to the raw verify in all |
| --- | --- | --- | --- | --- | --- |`);
    for (const r of signInRows) {
      const p = r.signInCpuParts;
      lines.push(
        `| ${r.scale.label} | ${ms(p.main)} | ${ms(p.otherThreads)} | ${ms(p.otherThreads - r.limit.cpuPerVerify)} | ${ms(p.postgres)} | ${ms(p.main + p.otherThreads + p.postgres - r.limit.cpuPerVerify)} |`,
      );
    }
  }
  lines.push(`
Per core, for sizing (1k accounts): ${small.signInCpuPer === null ? 'n/a' : num(1 / small.signInCpuPer)} sign-ins per CPU-second of server and
PostgreSQL together, i.e. per dedicated core (raw hashing alone: ${num(1 / small.limit.cpuPerVerify)} verifies per
CPU-second); wall-clock in this run, neighbours included: ${num(small.signInRate / cores)} per core. Keycloak's sizing
guide budgets 15 per vCPU.

### The session check against a bare route

Bare: \`GET /api/config\` (public, no database: the same middleware — security headers, cookies,
XSRF, the global session guard's \`@Public()\` short cut — and nothing else). Measured:
\`GET /api/auth/session\` with a session cookie (an indexed join of sessions, users and contracts;
lookups that arrive in one event-loop turn share one query; the account checks). ${READ_CONNECTIONS} connections.
The reads run on a fresh server process after \`VACUUM ANALYZE\` of the database the sign-ins have
just written to (else autovacuum cleans up after them during the reads). After ${WARM_UP_SECONDS} s of warm-up on
each route, the two alternate in ${READ_BLOCKS} blocks of four ${READ_ROUND_SECONDS}-second rounds (bare, check, check, bare, then
the mirror image), each round after ${ROUND_WARM_UP_SECONDS} s of warm-up of its own; rates and CPU are totals over a
route's rounds, and p50/p99 are taken from all its answers pooled (wrk's full latency histogram of
each round); the last column gives the range of the single rounds' p99. The session cookie is drawn from
${ACTIVE_SESSIONS} sessions spread evenly over the whole table (every 1,000th of a million), so the large
table is really searched; the warm-up has already stamped their \`last_seen_at\`, which is written
at most once a minute per session, so the measured rounds read only.

By CPU: CPU time of the server and its PostgreSQL backends per answer, bare over session check,
as above without the load generator.

| accounts and sessions | bare | p50 / p99 (wrk's p99) | session check | p50 / p99 (wrk's p99) | by throughput | CPU per bare / per check | by CPU | target (≥ 60 %, p99 ≤ 20 ms) | wrk CPU | load before | steal: bare / check rounds | single rounds' p99: bare, check |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`);
  for (const r of runs) {
    const ratio = r.sessionRate / r.bareRate;
    const byCpu =
      r.bare.cpuPerRequest === null || r.session.cpuPerRequest === null
        ? null
        : r.bare.cpuPerRequest / r.session.cpuPerRequest;
    const fast = r.session.latency.p99 <= 20;
    lines.push(
      `| ${r.scale.label} | ${num(r.bareRate, 0)}/s | ${r.bare.latency.p50} / ${r.bare.latency.p99} ms (${r.bare.latency.correctedP99}) | ${num(r.sessionRate, 0)}/s | ${r.session.latency.p50} / ${r.session.latency.p99} ms (${r.session.latency.correctedP99}) | ${pct(ratio)} | ${r.bare.cpuPerRequest === null ? 'n/a' : `${ms(r.bare.cpuPerRequest)} / ${ms(r.session.cpuPerRequest)}`} | ${byCpu === null ? 'n/a' : pct(byCpu)} | throughput ${verdict(ratio >= 0.6)}, CPU ${byCpu === null ? 'n/a' : verdict(byCpu >= 0.6)}, p99 ${verdict(fast)} | ${num(r.session.clientCpuCores, 2)} cores | ${r.loadReads} | ${pct(r.bare.steal)} / ${pct(r.session.steal)} | ${r.bare.roundP99.min}-${r.bare.roundP99.max}, ${r.session.roundP99.min}-${r.session.roundP99.max} ms |`,
    );
  }
  if (large) {
    const rel = (a, b) => a / b;
    const within = (x) => Math.abs(1 - x) <= 0.1;
    const signIn = rel(large.signInRate / large.limit.rate, small.signInRate / small.limit.rate);
    const session = rel(large.sessionRate, small.sessionRate);
    const p99 = rel(large.session.latency.p99, small.session.latency.p99);
    lines.push(`
### 1,000,000 against 1,000

The same runs with 1,000,000 accounts and 1,000,000 sessions (seeded with \`generate_series\` in
${num(large.seedSeconds, 0)} s, then \`VACUUM ANALYZE\`), against 1,000 of each. Sign-in is compared as its share of
the hash rate measured next to it, so a change in the machine's background load between the two
runs does not count as a change in Tobira.

| figure | 1k | 1M | 1M / 1k | target (within 10 %) |
| --- | --- | --- | --- | --- |
| sign-in share of the hash rate | ${pct(small.signInRate / small.limit.rate)} | ${pct(large.signInRate / large.limit.rate)} | ${pct(signIn)} | ${verdict(within(signIn))} |
| CPU per sign-in | ${small.signInCpuPer === null ? 'n/a' : ms(small.signInCpuPer)} | ${large.signInCpuPer === null ? 'n/a' : ms(large.signInCpuPer)} | ${small.signInCpuPer === null || large.signInCpuPer === null ? 'n/a' : pct(large.signInCpuPer / small.signInCpuPer)} | ${small.signInCpuPer === null || large.signInCpuPer === null ? 'n/a' : verdict(within(large.signInCpuPer / small.signInCpuPer))} |
| CPU per session check | ${small.session.cpuPerRequest === null ? 'n/a' : ms(small.session.cpuPerRequest)} | ${large.session.cpuPerRequest === null ? 'n/a' : ms(large.session.cpuPerRequest)} | ${small.session.cpuPerRequest === null || large.session.cpuPerRequest === null ? 'n/a' : pct(large.session.cpuPerRequest / small.session.cpuPerRequest)} | ${small.session.cpuPerRequest === null || large.session.cpuPerRequest === null ? 'n/a' : verdict(within(large.session.cpuPerRequest / small.session.cpuPerRequest))} |
| session checks per second | ${num(small.sessionRate, 0)} | ${num(large.sessionRate, 0)} | ${pct(session)} | ${verdict(within(session))} |
| session check p99 | ${small.session.latency.p99} ms | ${large.session.latency.p99} ms | ${pct(p99)} | (latency: for reference) |
| bare route per second | ${num(small.bareRate, 0)} | ${num(large.bareRate, 0)} | ${pct(rel(large.bareRate, small.bareRate))} | (the control) |`);
  }
  if (floods) {
    const row = (label, f) => {
      const fivexx = Object.entries(f.counts)
        .filter(([code]) => /^5/.test(code) && code !== '503')
        .reduce((n, [, c]) => n + c, 0);
      return `| ${label} | ${mib(f.idle)} | ${mib(f.peak)} | ${num(f.peak / f.idle, 2)}× | ${JSON.stringify(f.counts)} | ${verdict(f.peak <= 512 * 1024 && fivexx === 0)} |`;
    };
    lines.push(`
### ${FLOOD} sign-ins at once

${FLOOD} connections each send one sign-in at the same moment to a server just started (1k accounts).
Baseline: the same process's peak resident memory (VmHWM from /proc) after start-up, before the
flood. With the default gate most of the flood is refused at once with 503 and \`Retry-After\`; the
second row lifts the gate's queue bounds to show what the gate saves.

| server | peak RSS idle | peak RSS after | ratio | answers | target (no 5xx but 503, ≤ 512 MiB) |
| --- | --- | --- | --- | --- | --- |
${row('default gate', floods.gated)}
${row('queue unbounded (HASH_QUEUE_LIMIT=100000, HASH_QUEUE_WAIT_MS=60000)', floods.ungated)}`);
  }
  if (pools.length > 0) {
    lines.push(`
### Tried: the database pool size for the session check

The session check waits for PostgreSQL, so the connection pool is the first thing to vary
(\`DB_POOL_SIZE\`, default 10; same ${READ_CONNECTIONS} connections, 1k sessions, fresh server each).

| DB_POOL_SIZE | session checks per second | p50 / p99 (wrk's p99) | against the default pool | CPU per check | steal |
| --- | --- | --- | --- | --- | --- |
${pools.map((p) => `| ${p.size} | ${num(p.rate, 0)}/s | ${p.latency.p50} / ${p.latency.p99} ms (${p.latency.correctedP99}) | ${pct(p.rate / (pools.find((q) => q.size === 10)?.rate ?? p.rate))} | ${p.cpu === null ? 'n/a' : ms(p.cpu)} | ${pct(p.steal)} |`).join('\n')}`);
  }
  lines.push(`
### What limits the figures

- **The machine.** Two cores carry the server, PostgreSQL, the load generator and whatever else
  runs; "load before" is the 1-minute load average when a measurement started (2.00 means both
  cores already busy without us). Above about 2 the wall-clock figures, and comparisons between
  separate runs (1k against 1M), measure the neighbours as much as Tobira. The two cores are
  virtual, and the host gives their physical CPUs to other guests at will: "steal" is the share of
  the machine's CPU time, during the rounds of a row, that its vCPUs spent waiting for a physical
  CPU (\`/proc/stat\`), time in which nothing here runs and which no figure inside the machine can
  leave out. On 2026-11-28 it moved between 0 and 46 % within minutes; with the same build and
  database, the bare route answered 2,800-4,800 requests per second at 8-43 % steal and 7,900 at
  none, and its p99 went from 15 ms to 86-550 ms (wrk's figure). The alternating rounds
  and the CPU-time ratios take most of that out, not all: under contention the same work costs
  more CPU time too (argon2id is memory-bound, and 19 MiB per hash competes for the caches with
  everything else), so on a busy machine every CPU figure is inflated and the ones measured while
  our own server, PostgreSQL and load generator all run (sign-in, session check) the most.
- **Sign-in** has one argon2id verify as its floor. Around it come the event loop (HTTP, JSON,
  validation, passport, cookies, the audit log line) and PostgreSQL, on the same two cores the two
  hashes run on.
  ${small.signInCpuPer === null ? '' : `In this run a sign-in cost ${ms(small.signInCpuPer - small.limit.cpuPerVerify)} more CPU than a raw verify; a session check, for scale, costs ${ms(small.session.cpuPerRequest ?? 0)} in all.`}
  Measured apart (wrk, 16 connections, per-thread CPU from /proc, 2026-11-28): with the verify
  replaced by a no-op in a copy of the build made for the measurement, the event loop spends 0.74 ms
  per sign-in (0.98 ms before the HTTP server change below) and PostgreSQL 0.55 ms.
  ${small.signInCpuParts === null ? '' : `Beside two real hashes, in this run, the event loop took ${ms(small.signInCpuParts.main)}, PostgreSQL ${ms(small.signInCpuParts.postgres)}, and the verifies themselves ${ms(small.signInCpuParts.otherThreads - small.limit.cpuPerVerify)} more than in the raw rounds (the table above).`}
  argon2id streams 19 MiB per hash through the caches, so the event loop runs on cold caches and
  the hashes lose theirs to it; and the two cores behave like two hyperthreads of one core (one
  verify alone ran at 33-37 per second, two at once at 60-73, not twice as many: measured
  2026-11-28), so whatever runs beside a hash slows it, by far more than the CPU it takes itself.
  Measured apart on a later machine of the same kind (2026-11-28, no steal): beside two raw
  verifies in flight, a process busy 0.3 ms of every 3 ms (a tenth of one core, a loop that
  touches no memory) cut the verify rate by 11-23 % and raised the CPU per verify from 36-40 to
  42-43 ms; and with the gate at one hash in flight (\`HASH_CONCURRENCY=1\`, a whole core left for
  the event loop and PostgreSQL) sign-in reached 77 % of the rate of one raw verify in flight,
  against 70 % with two, alternating in the same way: the second core does not shelter the hash.
  The server's own hashing path (the gate and the hasher from the build, 16 callers) in a process
  with nothing else to do verified at the raw rate (47.2 against 46.6 per second, 40.8 against
  41.6 ms of CPU per verify, interleaved): what costs is the rest of a sign-in's work running beside
  the hashes, not the way to them.
  On that machine a raw verify took 36-47 ms of CPU, and the sign-in rows of full runs came out at
  69-83 %.
  Measured apart on the machine of that evening (AMD EPYC, 20 ms of CPU per raw verify, no steal;
  a copy of the build made for the measurement, wrk at 16 connections, the event loop's CPU from
  /proc): the event loop's CPU per sign-in follows how often it runs, not the hash beside it. With
  the verify replaced by a 20-ms timer (no CPU: the cores idle but for the sign-ins) it took
  1.54-1.59 ms per sign-in at 98 sign-ins per second, 0.94 ms at 324 (a 6-ms timer), 0.56 ms at
  942 (2 ms) and 0.41-0.43 ms with no wait at all (1,735-1,894 per second); beside two real
  hashes, 1.73-1.94 ms at 82 per second. The same code costs four times the CPU when it runs a few
  times per 10 ms as when it runs back to back: at a hash-bound rate each sign-in fetches its code
  and data into the caches anew. A login route outside Nest's pipeline (the same AuthService and
  cookie calls in a bare Express handler, without passport, the guards, the XSRF check or the
  security headers; an experiment, not shipped) took 1.27-1.38 ms against 1.73-1.75 ms and signed
  in 84-90 times per second against 82 (the raw rate that evening: 93.5-94.4): about the target,
  at the price of the design's guards and passport-local. Left as it is.
  The first minute is dearer still: at this rate V8 goes on compiling the sign-in path for tens of
  seconds. The same evening, 12-second windows at 16 connections, three runs each: right after 3 s
  of warm-up the event loop took 1.61-1.87 ms per sign-in, at 79.6-86.1 sign-ins per second; after
  60 s of warm-up 1.49-1.59 ms, at 82.1-87.5 per second; and in one run each, V8's background
  threads (its optimizing compiler) 0.45 against 0.14 ms. Hence the minute of warm-up above (3 s
  before that evening).
  The load generator costs 0.07 ms per sign-in
  with wrk (autocannon, used before, 0.45 ms). Done, each measured: the sign-in went from ten
  database round trips to two (one prepared statement for the account, its contract, both throttle
  rows and its MFA state; one statement for the session, the last sign-in and the audit record,
  which commit together; the success reset only when something was counted), which cut
  PostgreSQL's CPU per sign-in from 1.26 to 0.65 ms; the security headers are set from values
  computed once; the HTTP server builds requests and responses with Express's prototypes (below);
  the login body is validated once (it was validated again by the global pipe). Tried without
  effect: a larger young generation (\`--max-semi-space-size=32\`), single-threaded garbage
  collection (worse), no transaction at all. Left, because each would cost more than it saves:
  dropping passport or the DTO validation from the route, and making the last-sign-in update a
  heap-only one (the column is indexed for the administrators' list, so every update also writes
  six index entries, 0.36 ms of PostgreSQL per sign-in, measured). The gate runs one hash per core,
  as many as the raw baseline keeps in flight (more in flight measured the same raw rate: 71.3,
  71.8 and 70.0 verifies per second with 2, 3 and 4, interleaved). What is left is the work of a
  production sign-in beside two memory-bound hashes on two cores: a machine with more cores than
  hashes in flight, or PostgreSQL on its own machine, leaves the hashes alone.
- **The session check** against the bare route is one PostgreSQL round trip (an indexed join)
  against none${small.session.cpuPerRequest === null ? '' : `: ${ms(small.session.cpuPerRequest - small.bare.cpuPerRequest)} of CPU per request (server and PostgreSQL) on top of the bare route's ${ms(small.bare.cpuPerRequest)}`}.
  The query is cheap; the round trip is not (a socket write that wakes a PostgreSQL backend, its
  answer, node-pg parsing it). Done: the lookup is a named prepared statement straight on
  node-pg's pool, and lookups that arrive in the same event-loop turn share one query
  (\`WHERE token_hash = ANY($1)\`, server/database/batched-lookup.ts) — nothing is cached, every
  answer comes from a query sent after it was asked, so a sign-out through one replica ends the
  session on every other at once. With wrk at 64 connections this took the session check from
  4,900 to 8,000 per second. The bare route itself went from 5,900 to 9,200 per second when the
  security headers were computed once instead of by a dozen middlewares per request, the style
  nonce was made only for pages, and GET requests skipped the body parser and the ETag hash.
  The session check then takes its token's SHA-256 in one call and its timestamps as numbers.
- **The HTTP server** (server/http/express-adapter.ts). Express gives every request and response
  its application's prototypes when it first sees them (\`Object.setPrototypeOf\` in
  \`app.handle\`); V8 answers with new object shapes, so every property access on them, Node's own
  HTTP code included, runs slowly and leaves more garbage. Measured on this machine with wrk at 64
  connections: a bare Express route answered 9,000-12,000 requests per second with a p99 of
  33-140 ms (wrk's, as every p99 in this paragraph), a one-route NestJS application 5,400-8,200 (the same on Nest's Fastify adapter,
  for scale: 49,000-56,000). Tobira now
  creates its HTTP server with request and response constructors whose prototypes already are
  Express's, so Express's call changes nothing: the plain Express route went to 24,000-31,000
  per second with a p99 of 3.5-5.7 ms, and Tobira's session check, alternating the two builds,
  from 4,200-4,700 to 10,100-12,200 per second with the p99 from 30-58 ms to 9.5-12.4 ms.
- **p99 at 64 connections.** The p99 in the tables is that of the latencies the answers had, all
  rounds of a route pooled; wrk's own p99 is in brackets. wrk corrects its histogram for
  coordinated omission: for every answer slower than twice a connection's mean interval it adds
  made-up answers at that latency minus one, two, ... intervals, as if the connection had gone on
  sending meanwhile. \`bench/support/wrk.mjs\` undoes that exactly (and checks that one latency is
  left per answer). The correction would be fair to a steady stall; here it multiplies the start of
  every wrk run. wrk opens its 64 connections at once, and a busy Node.js process accepts one new
  connection per turn of its event loop (strace: one \`accept4\` per turn, each turn as long as
  answering every connection already open takes), so the last connections' first answers wait
  0.2-0.8 s. Seen on the wire (tcpdump on the loopback, a bare Express route, 2026-11-28): all 64
  connections had sent their first request within 3 ms, the last were answered after 0.67-0.75 s,
  and no later answer took over 50 ms in the run; the wire's p99 was 17-34 ms where wrk reported
  103-449 ms. This is real for a client that opens many connections at once to a busy process;
  behind nginx, which keeps its connections to the replicas open (\`keepalive\` in
  docker/nginx.conf), it happens at start-up only. With 64 connections always waiting, the mean
  latency is 64 divided by the rate, and the tail is garbage collection and the moments the event
  loop waits for a core that PostgreSQL, the load generator, a neighbour or the host holds. Before the HTTP server change wrk's
  p99 sat at 19-29 ms: two Node processes (the cluster module) raised the throughput but left the
  p99 where it was. The shapes were the cause: with them gone, alternating runs of the two builds
  measured 9.5-12.4 ms against 30-58 ms (wrk's figures, before the benchmark undid its correction).
  What is left moves with the machine: ${pools.length > 0 ? `in this very run the pool-size rows above (the same build, minutes apart, one 10-second run each) measured a p99 of ${Math.min(...pools.map((p) => p.latency.p99))}-${Math.max(...pools.map((p) => p.latency.p99))} ms, and ` : ''}the bare route's own p99 is in the table. A p99 that holds on any day needs the load generator
  on another machine and a host that does not take the cores away.
- **1,000,000 against 1,000.** The lookups are B-tree index probes (\`sessions.token_hash\`,
  \`lower(users.username)\`), one level deeper at a million rows than at a thousand, and the
  indexes stay in PostgreSQL's memory. What does grow is the working set: the 1,000 active sessions
  sit on some 2,000 heap pages of sessions and users plus their index paths at a million rows
  (about 16 MB, more than the CPU's caches), against a few hundred kilobytes at a thousand, so each
  check's PostgreSQL part waits longer on memory. Run to run on this shared machine (nine full
  runs on 2026-11-28 before 13:00, the last four on the current server code) the CPU per session
  check at 1M has come out between 85 % and 113 % of the 1k figure, the session checks per second
  between 88 % and 106 %, the sign-in's share of the hash rate between 95 % and 108 %, and the CPU
  per sign-in between 77 % and 105 %; on a later, slower machine of the same kind that afternoon
  (runs of 13:44 and 14:06) between 80 % and 106 %, 84 % and 128 %, 113 % and 121 %, and 98 % and
  117 %. The figures outside 10 % come from runs in which the machine itself changed speed between
  the two parts: in the run of 12:03 the raw hash rate was 52 per second beside the 1k figures and
  65 beside the 1M ones, and every CPU figure fell with it; in that of 14:06 the 1M rows ran at
  11-16 % steal and the 1k rows at none.${large ? ` In this run: raw hash rate ${num(small.limit.rate)} per second beside the 1k figures and ${num(large.limit.rate)} beside the 1M ones; steal ${pct(small.signIn.steal)} and ${pct(large.signIn.steal)} in the sign-in rounds, ${pct(small.session.steal)} and ${pct(large.session.steal)} in the session-check rounds.` : ''}
`);
  lines.push(`\nServer logs of this run: \`${logDir}\` (deleted with the machine's temp files).`);
  return lines.join('\n');
}

// The cost of the metrics: the session check and the sign-in of one build with METRICS_PORT set
// and /metrics scraped every second, as Prometheus would, against the same build without, in the
// same run. See docs/benchmarks.md.
import { mkdtemp } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearInterval, setInterval } from 'node:timers';
import { sessionRequestLua, settle, signInRequestLua } from './auth.mjs';
import { cpuMeter, freshDatabase, seed, seedHash, sql, startServer } from './support/harness.mjs';
import { pooledPercentile, wrk } from './support/wrk.mjs';

const quick = process.env.BENCH_QUICK === '1';
const ACCOUNTS = 1000;
// Off and on alternate in blocks (off, on, on, off, then the mirror image), so that a background
// load that rises or falls through the run weighs on both alike.
const BLOCKS = quick ? 1 : 3;
const WORKLOADS = {
  'session check': {
    requestLua: () => sessionRequestLua(ACCOUNTS),
    connections: 64,
    seconds: quick ? 2 : 5,
    warmUp: quick ? 1 : 5,
    roundWarmUp: 1,
  },
  'sign-in': {
    requestLua: () => signInRequestLua(ACCOUNTS),
    connections: 16,
    seconds: quick ? 2 : 5,
    // V8 compiles the sign-in path during its first half minute or so of traffic.
    warmUp: quick ? 2 : 40,
    roundWarmUp: 0,
  },
};
const SCRAPE_INTERVAL_MS = 1000;

const num = (x, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits });
const pct = (x) => `${(x * 100).toFixed(1)} %`;
const ms = (seconds) => `${(seconds * 1000).toFixed(seconds < 0.001 ? 3 : 2)} ms`;

/** GET /metrics every second for as long as the server runs, as Prometheus does. */
function scraper(url) {
  const counts = { scrapes: 0, failed: 0, bytes: 0 };
  const timer = setInterval(() => {
    globalThis.fetch(url).then(
      async (res) => {
        const body = await res.text();
        if (res.ok) {
          counts.scrapes += 1;
          counts.bytes = body.length;
        } else counts.failed += 1;
      },
      () => (counts.failed += 1),
    );
  }, SCRAPE_INTERVAL_MS);
  return { counts, stop: () => clearInterval(timer) };
}

/** One workload on both servers, in alternating rounds: per setting, the rounds and their totals. */
async function alternate(ctx, servers, dbUrl, workload, logDir) {
  const { connections, seconds, warmUp, roundWarmUp } = workload;
  const requestLua = workload.requestLua();
  for (const server of Object.values(servers)) {
    await wrk({ url: server.base, requestLua, connections, seconds: warmUp, dir: logDir });
    await settle(server.pid);
  }
  const rounds = { off: [], on: [] };
  for (let block = 0; block < BLOCKS; block += 1) {
    const order = block % 2 === 0 ? ['off', 'on', 'on', 'off'] : ['on', 'off', 'off', 'on'];
    for (const setting of order) {
      const server = servers[setting];
      if (roundWarmUp > 0) {
        await wrk({ url: server.base, requestLua, connections, seconds: roundWarmUp, dir: logDir });
      }
      const meter = await cpuMeter(server.pid, dbUrl);
      const result = await wrk({ url: server.base, requestLua, connections, seconds, dir: logDir });
      const cpu = meter.stop();
      await settle(server.pid);
      rounds[setting].push({ ...result, cpu });
    }
  }
  const summary = (runs) => {
    const ok = runs.reduce((n, r) => n + r.ok, 0);
    const duration = runs.reduce((n, r) => n + r.duration, 0);
    const cpu = runs.some((r) => r.cpu === null) ? null : runs.reduce((n, r) => n + r.cpu, 0);
    return {
      ok,
      rate: ok / duration,
      cpuPer: cpu === null || ok === 0 ? null : cpu / ok,
      failed: runs.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0),
      p50: pooledPercentile(
        runs.map((r) => r.measured),
        50,
      ),
      p99: pooledPercentile(
        runs.map((r) => r.measured),
        99,
      ),
      roundRates: runs.map((r) => r.rate),
      roundCpuPer: runs.map((r) => (r.cpu === null || r.ok === 0 ? null : r.cpu / r.ok)),
    };
  };
  const off = summary(rounds.off);
  const on = summary(rounds.on);
  ctx.log(
    `${workload.name}: off ${num(off.rate, 1)}/s, on ${num(on.rate, 1)}/s (${pct(on.rate / off.rate)})`,
  );
  return { off, on };
}

/**
 * The noise of a ratio: how far single rounds stray from their own setting's total, the larger of
 * the two settings' (as a share). A difference between on and off smaller than that is one the
 * rounds of one and the same setting show between themselves.
 */
function noise(values, total) {
  if (values.some((v) => v === null) || total === null) return null;
  return Math.max(...values.map((v) => Math.abs(v / total - 1)));
}

export default async function metricsBenchmarks(ctx) {
  const logDir = await mkdtemp(join(tmpdir(), 'tobira-bench-metrics-'));
  const hash = await seedHash(ctx.dist);
  const db = await freshDatabase(ctx.databaseUrl, 'tobira_bench_metrics');
  const servers = {};
  let scrape;
  const results = {};
  const loadBefore = loadavg()[0].toFixed(2);
  try {
    // The first start migrates the database; the seed follows, then both settings start afresh.
    const migrate = await startServer({
      ...serverOptions(ctx, db, logDir),
      name: 'metrics-migrate',
    });
    await migrate.stop();
    await seed(db.url, ACCOUNTS, hash);
    await sql(db.url, (c) => c.query('VACUUM ANALYZE'));
    const metricsPort = ctx.port + 2;
    servers.off = await startServer({ ...serverOptions(ctx, db, logDir), name: 'metrics-off' });
    servers.on = await startServer({
      ...serverOptions(ctx, db, logDir),
      port: ctx.port + 1,
      env: { METRICS_PORT: String(metricsPort) },
      name: 'metrics-on',
    });
    scrape = scraper(`http://127.0.0.1:${metricsPort}/metrics`);
    for (const [name, workload] of Object.entries(WORKLOADS)) {
      results[name] = await alternate(ctx, servers, db.url, { ...workload, name }, logDir);
    }
  } finally {
    scrape?.stop();
    for (const server of Object.values(servers)) await server.stop();
    await db.drop();
  }
  return {
    title: 'Metrics on and off',
    markdown: report(results, scrape.counts, loadBefore),
  };
}

function serverOptions(ctx, db, logDir) {
  return { dist: ctx.dist, databaseUrl: db.url, port: ctx.port, logDir };
}

function report(results, scrapes, loadBefore) {
  const rows = Object.entries(results).map(([name, { off, on }]) => {
    const throughput = on.rate / off.rate;
    const throughputNoise = Math.max(
      noise(off.roundRates, off.rate),
      noise(on.roundRates, on.rate),
    );
    const byCpu = off.cpuPer === null || on.cpuPer === null ? null : off.cpuPer / on.cpuPer;
    const cpuNoises = [noise(off.roundCpuPer, off.cpuPer), noise(on.roundCpuPer, on.cpuPer)];
    const cpuNoise = cpuNoises.includes(null) ? null : Math.max(...cpuNoises);
    const within = (ratio, spread) =>
      ratio === null || spread === null
        ? 'n/a'
        : Math.abs(ratio - 1) <= spread
          ? 'within'
          : ratio > 1
            ? '**above** (faster with metrics)'
            : '**below**';
    const cpu = byCpu === null ? 'n/a' : `${ms(off.cpuPer)} / ${ms(on.cpuPer)}`;
    return `| ${name} | ${num(off.rate, 1)}/s, p50 ${off.p50} / p99 ${off.p99} ms | ${num(on.rate, 1)}/s, p50 ${on.p50} / p99 ${on.p99} ms | ${pct(throughput)} ± ${pct(throughputNoise)} | ${within(throughput, throughputNoise)} | ${cpu} | ${byCpu === null ? 'n/a' : `${pct(byCpu)} ± ${pct(cpuNoise)}`} | ${within(byCpu, cpuNoise)} | ${off.failed + on.failed} |`;
  });
  return `Does counting cost the hot paths anything? Two servers of the same build on the same database
(${ACCOUNTS.toLocaleString('en-US')} accounts and sessions, seeded as above): one with \`METRICS_PORT\` set
and its \`/metrics\` fetched every ${SCRAPE_INTERVAL_MS / 1000} s for the whole run, as Prometheus
would, the other without. Each workload warms both up, then they alternate in ${BLOCKS} blocks of
four rounds (off, on, on, off, then the mirror image) at the connections of the rows above: the
session check (\`GET /api/auth/session\`, 64 connections, each round after 1 s of warm-up of its
own) and the sign-in (\`POST /api/auth/login\`, 16 connections, after each round the server
finishes the sign-ins still queued). Rates are totals over a setting's rounds.

Two ratios, with metrics over without: *by throughput* (answers per second) and *by CPU* (CPU time
per answer of the server and its PostgreSQL backends, without over with). Each carries its noise:
the furthest a single round strayed from its own setting's total, the larger of the two settings'.
A ratio whose distance from 100 % is inside its noise is *within* it: the rounds of one setting
differ between themselves by as much as the two settings do.

| workload | metrics off | metrics on, scraped | by throughput | | CPU per answer: off / on | by CPU | | failed answers |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

The scraper fetched \`/metrics\` ${scrapes.scrapes} times (${num(scrapes.bytes / 1024, 1)} KiB each at
the end; ${scrapes.failed} failed). Load average before: ${loadBefore}.
`;
}

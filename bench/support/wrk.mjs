// wrk (Debian's package `wrk`) for the read runs at 64 connections: a C load generator that uses
// a fraction of autocannon's CPU, CPU the server would otherwise not have on the same two cores,
// and that times each answer outside a busy JavaScript event loop.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clearInterval, setInterval } from 'node:timers';

const CLOCK_TICKS = 100; // USER_HZ on Linux

export function wrkVersion() {
  const run = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  if (run.error) return null;
  return /wrk (\S+)/.exec(`${run.stdout}${run.stderr}`)?.[1] ?? 'unknown';
}

function cpuTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

// The script: `request` builds each request (JavaScript's setupRequest, in Lua); `done` prints the
// figures as JSON on the last line, the whole latency histogram included (each distinct latency in
// microseconds with its count), so that rounds can be pooled into one distribution.
function script(requestLua) {
  return `${requestLua}
done = function(summary, latency, requests)
  local buckets = {}
  for i = 1, #latency do
    local value, count = latency(i)
    buckets[#buckets + 1] = string.format('[%d,%d]', value, count)
  end
  io.write(string.format(
    '\\n{"requests":%d,"durationUs":%d,"non2xx":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"timeouts":%d,"p50Us":%d,"p99Us":%d,"histogram":[%s]}\\n',
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), table.concat(buckets, ',')))
end
`;
}

/**
 * wrk corrects its latency histogram for coordinated omission before a script sees it
 * (`stats_correct` in wrk's stats.c): for every answer slower than twice the mean interval between
 * one connection's requests, it adds made-up answers at that latency minus one, two, ... intervals,
 * as if the connection had gone on sending at its usual pace. This undoes that: the latencies the
 * answers really had. Each run begins with a burst of fresh connections that a busy Node.js server
 * accepts one per turn of its event loop, so a few dozen first answers wait hundreds of
 * milliseconds, and the made-up answers behind them outnumber the 1 % of a p99.
 */
export function measuredHistogram({ histogram, requests, durationUs, connections }) {
  const perConnection = Math.floor(requests / connections);
  if (perConnection === 0) return histogram;
  const interval = Math.floor(durationUs / perConnection);
  const corrected = new Map(histogram);
  const max = histogram.length > 0 ? histogram[histogram.length - 1][0] : 0;
  // Real answers at n, n + interval, n + 2 intervals, ... (memoised from the top down).
  const fromHere = new Map();
  const realFrom = (n) => {
    if (n > max) return 0;
    let sum = fromHere.get(n);
    if (sum === undefined) {
      sum = realAt(n) + realFrom(n + interval);
      fromHere.set(n, sum);
    }
    return sum;
  };
  // At n, wrk added one made-up answer for each real one at n + interval, n + 2 intervals, ...
  const realAt = (n) => (corrected.get(n) ?? 0) - (n > interval ? realFrom(n + interval) : 0);
  const measured = [];
  for (let i = histogram.length - 1; i >= 0; i -= 1) realFrom(histogram[i][0]);
  for (const [us] of histogram) {
    const count = realAt(us);
    if (count < 0) throw new Error(`wrk's histogram does not invert at ${us} µs`);
    if (count > 0) measured.push([us, count]);
  }
  return measured;
}

/** A latency percentile (ms, one decimal) of histograms pooled, by wrk's own rule for one run. */
export function pooledPercentile(histograms, p) {
  const counts = new Map();
  for (const histogram of histograms) {
    for (const [us, n] of histogram) counts.set(us, (counts.get(us) ?? 0) + n);
  }
  const values = [...counts.keys()].sort((a, b) => a - b);
  const total = values.reduce((n, us) => n + counts.get(us), 0);
  const rank = Math.round((p / 100) * total + 0.5);
  let seen = 0;
  for (const us of values) {
    seen += counts.get(us);
    if (seen >= rank) return Math.round(us / 100) / 10;
  }
  return NaN;
}

/**
 * Runs wrk with one thread and `connections` connections for `seconds` against `url`, each
 * request made by `requestLua` (a Lua `request` function). Answers autocannon's shape where the
 * benchmarks read it: the rate of 2xx answers, latency p50/p99 in ms, and the load generator's own
 * CPU in cores (sampled from /proc while it runs).
 */
export async function wrk({ url, connections, seconds, requestLua, dir }) {
  const file = join(dir, `wrk-${process.pid}-${Date.now()}.lua`);
  writeFileSync(file, script(requestLua));
  const child = spawn('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '-s', file, url], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  let lastTicks = 0;
  const sampler = setInterval(() => {
    const ticks = cpuTicks(child.pid);
    if (ticks !== null) lastTicks = ticks;
  }, 200);
  const started = process.hrtime.bigint();
  const code = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', resolve);
  });
  clearInterval(sampler);
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) throw new Error(`wrk exited with ${code}: ${err || out}`);
  const line = out.trim().split('\n').at(-1);
  const r = JSON.parse(line);
  const duration = r.durationUs / 1e6;
  const measured = measuredHistogram({ ...r, connections });
  // Every answer has one latency, but those past wrk's timeout, which it counts apart.
  const answers = measured.reduce((n, [, count]) => n + count, 0);
  if (answers !== r.requests - r.timeouts) {
    throw new Error(`wrk's histogram holds ${answers} answers, not ${r.requests - r.timeouts}`);
  }
  const errors = r.connectErrors + r.readErrors + r.writeErrors;
  const ok = r.requests - r.non2xx - errors;
  return {
    duration,
    ok,
    rate: ok / duration,
    requests: r.requests,
    non2xx: r.non2xx,
    errors,
    timeouts: r.timeouts,
    latency: {
      p50: pooledPercentile([measured], 50),
      p99: pooledPercentile([measured], 99),
      correctedP99: Math.round(r.p99Us / 100) / 10,
    },
    // The latencies the answers had, and wrk's histogram corrected for coordinated omission (see
    // measuredHistogram), for pooling rounds.
    measured,
    corrected: r.histogram,
    // Sampled every 200 ms: a slight underestimate, never more than the last fifth of a second.
    clientCpuCores: lastTicks / CLOCK_TICKS / wallSeconds,
  };
}

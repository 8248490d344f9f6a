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
// figures as JSON on the last line.
function script(requestLua) {
  return `${requestLua}
done = function(summary, latency, requests)
  io.write(string.format(
    '\\n{"requests":%d,"durationUs":%d,"non2xx":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"timeouts":%d,"p50Us":%d,"p99Us":%d,"meanUs":%.1f}\\n',
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), latency.mean))
end
`;
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
      p50: Math.round(r.p50Us / 100) / 10,
      p99: Math.round(r.p99Us / 100) / 10,
      mean: Math.round(r.meanUs / 100) / 10,
    },
    // Sampled every 200 ms: a slight underestimate, never more than the last fifth of a second.
    clientCpuCores: lastTicks / CLOCK_TICKS / wallSeconds,
  };
}

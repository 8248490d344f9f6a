// `node raw-verify.mjs <hash> <password> <in flight> <seconds>`: argon2id verifies of one hash with
// that many always in flight, for the raw hash rate of bench/auth.mjs. Run with UV_THREADPOOL_SIZE
// set in its environment (libuv reads it once, at its first use), so that every verify in flight
// has a thread. Prints {count, seconds, cpu}: verifies, wall-clock seconds and CPU seconds.
import { performance } from 'node:perf_hooks';
import argon2 from 'argon2';

const [hash, password, concurrency, seconds] = process.argv.slice(2);
const end = Date.now() + Number(seconds) * 1000;
let count = 0;
const started = performance.now();
const cpuBefore = process.cpuUsage();
await Promise.all(
  Array.from({ length: Number(concurrency) }, async () => {
    while (Date.now() < end) {
      if (!(await argon2.verify(hash, password))) throw new Error('the bench hash does not verify');
      count += 1;
    }
  }),
);
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(
  JSON.stringify({
    count,
    seconds: (performance.now() - started) / 1000,
    cpu: (cpu.user + cpu.system) / 1e6,
  }),
);

import { randomFill } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { ConfigError, envInt } from '../config/env';
import { readHashingGateSettings } from './password-hashing.config';

/**
 * Threads of libuv's pool kept for its other users (file system, `dns.lookup`, async crypto such as
 * argon2's salt): libuv's own default, so that they never wait behind a hash.
 */
export const THREADS_BESIDE_HASHING = 4;
/** libuv refuses a larger UV_THREADPOOL_SIZE. */
export const LIBUV_MAX_THREADS = 1024;

/**
 * libuv's pool was running before it could be sized. The server refuses to start on it (its gate
 * would admit more hashes than the pool runs at once); the CLI, which hashes one password at a
 * time, goes on.
 */
export class PoolStartedError extends ConfigError {}

export interface HashingThreads {
  /** Hashes computed at once: the gate's HASH_CONCURRENCY, each on a thread of its own. */
  hashing: number;
  /** Threads in libuv's pool: the hashes' and THREADS_BESIDE_HASHING more. */
  pool: number;
  /** The variable the pool's size came from. */
  sizedBy: 'HASH_CONCURRENCY' | 'UV_THREADPOOL_SIZE';
}

/**
 * The threads this process needs. argon2 (and any hasher on a native binding) runs on libuv's
 * pool, which has 4 threads unless UV_THREADPOOL_SIZE says otherwise: with a smaller pool than the
 * gate admits hashes, the rest wait in libuv's queue, which the gate can neither see nor bound.
 */
export function planHashingThreads(env: Record<string, string | undefined>): HashingThreads {
  const hashing = readHashingGateSettings(env).concurrency;
  const needed = hashing + THREADS_BESIDE_HASHING;
  if (env.UV_THREADPOOL_SIZE === undefined || env.UV_THREADPOOL_SIZE.trim() === '') {
    return { hashing, pool: needed, sizedBy: 'HASH_CONCURRENCY' };
  }
  const pool = envInt(env, 'UV_THREADPOOL_SIZE', needed, 1, LIBUV_MAX_THREADS);
  if (pool < needed) {
    throw new ConfigError(
      `UV_THREADPOOL_SIZE=${pool} is too small for HASH_CONCURRENCY=${hashing}: libuv's thread pool ` +
        `needs at least ${needed} (${hashing} to hash, ${THREADS_BESIDE_HASHING} for files, DNS and ` +
        `crypto); raise it, or unset it and the pool is sized from HASH_CONCURRENCY`,
    );
  }
  return { hashing, pool, sizedBy: 'UV_THREADPOOL_SIZE' };
}

/** The name libuv (1.50 and later) gives its pool's threads on Linux. */
const LIBUV_WORKER = 'libuv-worker';

/**
 * Threads of this process now and how many of them are libuv's pool, where Linux tells (null
 * elsewhere). Other threads (V8's, Node's platform) start and end on their own: counting only the
 * named pool threads keeps the check below from mistaking one of them for the pool.
 */
function poolThreads(): { all: number; named: number } | null {
  try {
    const tasks = readdirSync('/proc/self/task');
    let named = 0;
    for (const task of tasks) {
      try {
        if (readFileSync(`/proc/self/task/${task}/comm`, 'utf8').trim() === LIBUV_WORKER)
          named += 1;
      } catch {
        // The thread ended while being read: it was not the pool's, whose threads live on.
      }
    }
    return { all: tasks.length, named };
  } catch {
    return null;
  }
}

/**
 * Sizes libuv's thread pool for HASH_CONCURRENCY and starts it, or throws a ConfigError naming the
 * setting that cannot be honoured. libuv reads UV_THREADPOOL_SIZE once, when the pool is first used,
 * so this must run before anything else in the process uses it (file system, DNS, crypto): the
 * entry points call it from their first import (start-hashing-threads.ts). Setting the variable is
 * not enough on its own, as Node's documentation warns: whether the pool really started now, with
 * its threads, is checked by counting them.
 */
export function startHashingThreads(): HashingThreads {
  const threads = planHashingThreads(process.env);
  if (threads.sizedBy === 'UV_THREADPOOL_SIZE') return threads;
  process.env.UV_THREADPOOL_SIZE = String(threads.pool);
  const before = poolThreads();
  // libuv creates every thread of the pool, synchronously, on the first request queued to it.
  randomFill(Buffer.alloc(1), () => undefined);
  const after = poolThreads();
  if (before !== null && after !== null && !startedNow(before, after, threads.pool)) {
    delete process.env.UV_THREADPOOL_SIZE;
    throw new PoolStartedError(
      `HASH_CONCURRENCY=${threads.hashing} cannot be honoured: libuv's thread pool was already ` +
        `running before it could be sized; set UV_THREADPOOL_SIZE=${threads.pool} in the environment`,
    );
  }
  return threads;
}

/**
 * Whether the pool started between the two readings, with its size. Where libuv names its threads
 * (Node.js 24 does), exactly the pool's named threads must have appeared; an older libuv leaves
 * only the count of all threads to go by.
 */
export function startedNow(
  before: { all: number; named: number },
  after: { all: number; named: number },
  pool: number,
): boolean {
  if (after.named > 0) return before.named === 0 && after.named === pool;
  return after.all - before.all >= pool;
}

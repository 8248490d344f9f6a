import { randomFill } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { ConfigError, envInt } from '../config/env';
import { readHashingGateSettings } from './password-hashing.config';

/**
 * Threads of libuv's pool kept for its other users (file system, `dns.lookup`, async crypto such as
 * argon2's salt): libuv's own default, so that they never wait behind a hash.
 */
export const THREADS_BESIDE_HASHING = 4;
/** libuv refuses a larger UV_THREADPOOL_SIZE. */
export const LIBUV_MAX_THREADS = 1024;

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

/** Threads of this process now, where Linux tells (null elsewhere). */
function threadCount(): number | null {
  try {
    return readdirSync('/proc/self/task').length;
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
  const before = threadCount();
  // libuv creates every thread of the pool, synchronously, on the first request queued to it.
  randomFill(Buffer.alloc(1), () => undefined);
  const after = threadCount();
  if (before !== null && after !== null && after - before < threads.pool) {
    delete process.env.UV_THREADPOOL_SIZE;
    throw new ConfigError(
      `HASH_CONCURRENCY=${threads.hashing} cannot be honoured: libuv's thread pool was already ` +
        `running before it could be sized; set UV_THREADPOOL_SIZE=${threads.pool} in the environment`,
    );
  }
  return threads;
}

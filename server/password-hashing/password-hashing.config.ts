import { availableParallelism } from 'node:os';
import { registerAs } from '@nestjs/config';
import { envInt } from '../config/env';

/** OWASP Password Storage Cheat Sheet's minimum for argon2id; the config refuses anything weaker. */
export const ARGON2ID_MINIMUM = { memoryKib: 19456, timeCost: 2, parallelism: 1 } as const;

export interface PasswordHashingSettings {
  memoryKib: number;
  timeCost: number;
  parallelism: number;
}

export function readPasswordHashingSettings(
  env: Record<string, string | undefined>,
): PasswordHashingSettings {
  const min = ARGON2ID_MINIMUM;
  return {
    memoryKib: envInt(env, 'ARGON2_MEMORY_KIB', min.memoryKib, min.memoryKib, 4_194_304),
    timeCost: envInt(env, 'ARGON2_TIME_COST', min.timeCost, min.timeCost, 100),
    parallelism: envInt(env, 'ARGON2_PARALLELISM', min.parallelism, min.parallelism, 64),
  };
}

export const passwordHashingConfig = registerAs('passwordHashing', (): PasswordHashingSettings =>
  readPasswordHashingSettings(process.env),
);

export interface HashingGateSettings {
  /** Hashes computed at once; more would only share the same cores and hold more memory. */
  concurrency: number;
  /** Hashes that may wait for a free slot; past this a request is refused at once. */
  queueLimit: number;
  /** How long a hash may wait for a slot before its request is refused. */
  queueWaitMs: number;
}

/**
 * Each hash runs on a thread of libuv's pool, which holds at most 1024, and four of those stay for
 * the pool's other users (hashing-threads.ts).
 */
export const MAX_HASH_CONCURRENCY = 1020;

export function readHashingGateSettings(
  env: Record<string, string | undefined>,
  cores = availableParallelism(),
): HashingGateSettings {
  const concurrency = envInt(env, 'HASH_CONCURRENCY', cores, 1, MAX_HASH_CONCURRENCY);
  return {
    concurrency,
    queueLimit: envInt(env, 'HASH_QUEUE_LIMIT', concurrency * 50, 0, 100_000),
    queueWaitMs: envInt(env, 'HASH_QUEUE_WAIT_MS', 2000, 1, 60_000),
  };
}

export const hashingGateConfig = registerAs('hashingGate', (): HashingGateSettings =>
  readHashingGateSettings(process.env),
);

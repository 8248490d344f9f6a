import { type HashingThreads, startHashingThreads } from './hashing-threads';

/**
 * The first import of the server's and the CLI's entry points. libuv sizes its thread pool when
 * something first uses it, and the code of any module evaluated before this one could; so the pool
 * is sized and started here, as the module is evaluated. A setting that cannot be honoured is kept
 * for hashingThreads() to throw where the entry point reports its configuration errors.
 */
let started: { threads: HashingThreads } | { error: Error };
try {
  started = { threads: startHashingThreads() };
} catch (error) {
  started = { error: error instanceof Error ? error : new Error(String(error)) };
}

/** The hashing threads this process runs with, or the ConfigError that refused them. */
export function hashingThreads(): HashingThreads {
  if ('error' in started) throw started.error;
  return started.threads;
}

import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { ConfigError } from '../config/env';
import { planHashingThreads, startedNow, startHashingThreads } from './hashing-threads';

describe(planHashingThreads.name, () => {
  it('gives libuv one thread per hash of HASH_CONCURRENCY and four for files, DNS and crypto', () => {
    expect(planHashingThreads({ HASH_CONCURRENCY: '8' })).toEqual({
      hashing: 8,
      pool: 12,
      sizedBy: 'HASH_CONCURRENCY',
    });
  });

  it('defaults to one hash per core', () => {
    const cores = availableParallelism();

    expect(planHashingThreads({})).toEqual({
      hashing: cores,
      pool: cores + 4,
      sizedBy: 'HASH_CONCURRENCY',
    });
  });

  it("keeps the operator's UV_THREADPOOL_SIZE when it holds the hashes and four more", () => {
    expect(planHashingThreads({ HASH_CONCURRENCY: '8', UV_THREADPOOL_SIZE: '12' })).toEqual({
      hashing: 8,
      pool: 12,
      sizedBy: 'UV_THREADPOOL_SIZE',
    });
    expect(planHashingThreads({ HASH_CONCURRENCY: '2', UV_THREADPOOL_SIZE: '64' }).pool).toBe(64);
  });

  it.each([
    ['4', 'UV_THREADPOOL_SIZE=4 is too small for HASH_CONCURRENCY=8'],
    ['11', 'needs at least 12 (8 to hash, 4 for files, DNS and crypto)'],
    ['1025', 'UV_THREADPOOL_SIZE must be between 1 and 1024'],
    ['many', 'UV_THREADPOOL_SIZE must be a whole number'],
  ])('refuses UV_THREADPOOL_SIZE=%s with HASH_CONCURRENCY=8, naming it', (size, message) => {
    const plan = () => planHashingThreads({ HASH_CONCURRENCY: '8', UV_THREADPOOL_SIZE: size });

    expect(plan).toThrow(ConfigError);
    expect(plan).toThrow(message);
  });

  it('refuses more hashes at once than libuv has threads for, beside the four it keeps', () => {
    expect(planHashingThreads({ HASH_CONCURRENCY: '1020' }).pool).toBe(1024);
    expect(() => planHashingThreads({ HASH_CONCURRENCY: '1021' })).toThrow(
      'HASH_CONCURRENCY must be between 1 and 1020',
    );
  });
});

describe(startHashingThreads.name, () => {
  const saved = { ...process.env };

  afterEach(() => {
    for (const name of ['HASH_CONCURRENCY', 'UV_THREADPOOL_SIZE']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  // Jest's own process has used libuv's pool long before: the case of a module that did so before
  // the entry point's first import. (A fresh process is tested in test/http/hashing-threads.)
  it('refuses to run when libuv started its pool before it could be sized, naming what to set', async () => {
    await stat(__filename);
    process.env.HASH_CONCURRENCY = '8';
    delete process.env.UV_THREADPOOL_SIZE;

    expect(startHashingThreads).toThrow(ConfigError);
    expect(startHashingThreads).toThrow(
      "HASH_CONCURRENCY=8 cannot be honoured: libuv's thread pool was already running before it " +
        'could be sized; set UV_THREADPOOL_SIZE=12 in the environment',
    );
    expect(process.env.UV_THREADPOOL_SIZE).toBeUndefined();
  });

  it('trusts a large enough UV_THREADPOOL_SIZE given in the environment, which libuv read at its start', () => {
    process.env.HASH_CONCURRENCY = '8';
    process.env.UV_THREADPOOL_SIZE = '16';

    expect(startHashingThreads()).toEqual({ hashing: 8, pool: 16, sizedBy: 'UV_THREADPOOL_SIZE' });
  });
});

describe(startedNow.name, () => {
  it("counts libuv's named threads, so another thread ending meanwhile is not taken for a missing one", () => {
    expect(startedNow({ all: 10, named: 0 }, { all: 15, named: 6 }, 6)).toBe(true);
  });

  it('sees a pool that was running before, or started with another size', () => {
    expect(startedNow({ all: 11, named: 4 }, { all: 11, named: 4 }, 6)).toBe(false);
    expect(startedNow({ all: 7, named: 0 }, { all: 11, named: 4 }, 6)).toBe(false);
  });

  it('goes by the count of all threads where libuv names none', () => {
    expect(startedNow({ all: 7, named: 0 }, { all: 13, named: 0 }, 6)).toBe(true);
    expect(startedNow({ all: 7, named: 0 }, { all: 7, named: 0 }, 6)).toBe(false);
  });
});

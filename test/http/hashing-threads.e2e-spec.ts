import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../support/cli';
import { startServerProcess, startupRefusal, TEST_XSRF } from '../support/server-process';
import { withEnv } from '../support/service-module';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const ROOT = resolve(__dirname, '../..');
// Each hash then takes a core some 200 ms, long enough to see every thread at work.
const SLOW_HASHES = { ARGON2_TIME_COST: '20' };

jest.setTimeout(120_000);

/** CPU time (clock ticks) each thread of `pid` has used so far, by thread id. */
function cpuByThread(pid: number): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      // After the command name (which may hold spaces), utime and stime are the 12th and 13th fields.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(Number(tid), Number(fields[11]) + Number(fields[12]));
    } catch {
      // the thread ended meanwhile
    }
  }
  return ticks;
}

function signIn(base: string, username: string): Promise<Response> {
  return fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: `XSRF-TOKEN=${TEST_XSRF}`,
      'x-xsrf-token': TEST_XSRF,
    },
    body: JSON.stringify({ username, password: 'Not-the-password-1' }),
  });
}

const onLinux = existsSync('/proc/self/task');

describe('Hashing threads of one instance (server/main.ts)', () => {
  let db: TestDatabase;
  const dataDir = mkdtempSync(join(tmpdir(), 'tobira-hashing-threads-'));

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // Unknown usernames: each sign-in verifies against the dummy hash, at the configured cost.
  (onLinux ? it : it.skip)(
    'hashes eight sign-ins at once on eight threads with HASH_CONCURRENCY=8, however few the cores',
    async () => {
      const server = await startServerProcess(db.url, {
        DATA_DIR: dataDir,
        HASH_CONCURRENCY: '8',
        ...SLOW_HASHES,
      });
      try {
        const pid = server.child.pid!;
        expect((await signIn(server.base, 'nobody-warm-up')).status).toBe(401);
        const before = cpuByThread(pid);

        const signIns = Array.from({ length: 8 }, (_, i) => signIn(server.base, `nobody-${i}`));
        // The threads that have hashed by the time the first answer comes: the hashes that all
        // started before any finished.
        await Promise.race(signIns);
        const after = cpuByThread(pid);

        const gains = [...after]
          .filter(([tid]) => tid !== pid)
          .map(([tid, ticks]) => ticks - (before.get(tid) ?? 0))
          .sort((a, b) => b - a);
        const hashing = gains.filter((gain) => gain >= Math.max(2, gains[0] / 4));
        expect({ hashingThreads: hashing.length, cpuTicksByThread: gains }).toMatchObject({
          hashingThreads: 8,
        });
        const answers = await Promise.all(signIns);
        expect(answers.map((a) => a.status)).toEqual(Array(8).fill(401));

        const logged = server
          .stdout()
          .split('\n')
          .filter((line) => line.includes('"hashing threads"'))
          .map((line) => JSON.parse(line) as Record<string, unknown>);
        expect(logged).toEqual([
          expect.objectContaining({
            msg: 'hashing threads',
            hashConcurrency: 8,
            threadPool: 12,
            sizedBy: 'HASH_CONCURRENCY',
            // 19 MiB for each of the 12 threads, which each keep the memory of their last hash.
            hashMemoryMiB: 228,
          }),
        ]);
      } finally {
        await server.stop();
      }
    },
  );

  it('refuses to start with a UV_THREADPOOL_SIZE too small for HASH_CONCURRENCY, naming both', async () => {
    const run = await startupRefusal(db.url, {
      DATA_DIR: dataDir,
      HASH_CONCURRENCY: '8',
      UV_THREADPOOL_SIZE: '8',
    });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'configuration: UV_THREADPOOL_SIZE=8 is too small for HASH_CONCURRENCY=8',
    );
  });

  it('refuses to start with more hashes at once than libuv has threads for', async () => {
    const run = await startupRefusal(db.url, {
      DATA_DIR: dataDir,
      HASH_CONCURRENCY: '1021',
    });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'configuration: HASH_CONCURRENCY must be between 1 and 1020, got 1021',
    );
  });

  it('the CLI refuses the same setting, as a configuration error', async () => {
    const run = await withEnv({ HASH_CONCURRENCY: '8', UV_THREADPOOL_SIZE: '4' }, () =>
      runCli(db.url, 'account', 'list', '--json'),
    );

    expect(run.code).toBe(2);
    expect(JSON.parse(run.stderr)).toEqual({
      error: {
        code: 'CONFIG',
        message: expect.stringContaining(
          'UV_THREADPOOL_SIZE=4 is too small for HASH_CONCURRENCY=8',
        ) as string,
      },
    });
  });

  describe('when libuv started its pool before the entry point could size it', () => {
    const startedPool = {
      NODE_OPTIONS: `--require ${join(ROOT, 'test/support/start-libuv-pool.cjs')}`,
    };

    it('the server refuses to start, naming what to set', async () => {
      const run = await startupRefusal(db.url, {
        DATA_DIR: dataDir,
        HASH_CONCURRENCY: '2',
        ...startedPool,
      });

      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        "HASH_CONCURRENCY=2 cannot be honoured: libuv's thread pool was already running before it " +
          'could be sized; set UV_THREADPOOL_SIZE=6 in the environment',
      );
    });

    it('the CLI, which hashes one password at a time, goes on', async () => {
      const run = await withEnv({ HASH_CONCURRENCY: '2', ...startedPool }, () =>
        runCli(db.url, 'account', 'create', '--username', 'pool-started-early', '--json'),
      );

      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ username: 'pool-started-early' });
    });
  });
});

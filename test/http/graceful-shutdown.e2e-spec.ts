import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { runCli } from '../support/cli';
import { scrape } from '../support/metrics-scrape';
import { freePort, startServerProcess, TEST_XSRF } from '../support/server-process';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

jest.setTimeout(180_000);

const SIGN_INS = 20;

/** A request on a connection of its own (no keep-alive pool): does the server still accept? */
function freshConnection(base: string): Promise<'refused' | number> {
  return new Promise((resolve) => {
    const req = httpRequest(`${base}/api/health/live`, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve('refused'));
    req.end();
  });
}

describe('Graceful shutdown', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  it(`answers all of ${SIGN_INS} sign-ins in flight at SIGTERM, accepts nothing new, then exits 0`, async () => {
    const issued = await runCli(
      db.url,
      'org',
      'create',
      '--name',
      'shutdown',
      '--plan',
      'test',
      '--users',
      String(SIGN_INS),
      '--json',
    );
    expect(issued.code).toBe(0);
    const accounts = (
      JSON.parse(issued.stdout) as {
        accounts: { username: string; temporaryPassword: string; role: string }[];
      }
    ).accounts.filter((a) => a.role === 'user');
    expect(accounts).toHaveLength(SIGN_INS);

    const metricsPort = await freePort();
    const server = await startServerProcess(db.url, {
      MFA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      DATA_DIR: `/tmp/tobira-shutdown-${randomBytes(4).toString('hex')}`,
      METRICS_PORT: String(metricsPort),
      // Slow hashes, two at a time, and a queue that never gives up: the sign-ins are still
      // hashing or waiting to when the signal comes.
      ARGON2_TIME_COST: '16',
      HASH_CONCURRENCY: '2',
      HASH_QUEUE_WAIT_MS: '60000',
      SHUTDOWN_TIMEOUT_SECONDS: '60',
    });
    try {
      const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
      const signIns = accounts.map((account) =>
        fetch(`${server.base}/api/auth/login`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            cookie: `XSRF-TOKEN=${TEST_XSRF}`,
            'x-xsrf-token': TEST_XSRF,
          },
          body: JSON.stringify({ username: account.username, password: account.temporaryPassword }),
        }).then(
          async (res) => ({
            status: res.status,
            // Answered while stopping: the connection is not kept for another request.
            connection: res.headers.get('connection'),
            body: await res.json(),
          }),
          (error: unknown) => ({ status: 0, connection: null, body: String(error) }),
        ),
      );
      // SIGTERM once all of them have reached the server (hashing, queued for it, or done) and
      // at least half are still in flight.
      const deadline = Date.now() + 60_000;
      for (;;) {
        const samples = await scrape(metricsUrl);
        const inFlight =
          (samples.get('tobira_hashing_in_flight') ?? 0) +
          (samples.get('tobira_hashing_waiting') ?? 0);
        const done = samples.get('tobira_sign_ins_total{outcome="success"}') ?? 0;
        if (inFlight + done === SIGN_INS && inFlight >= SIGN_INS / 2) break;
        if (Date.now() > deadline || done > SIGN_INS / 2) {
          throw new Error(
            `the sign-ins did not all arrive in time: ${inFlight} in flight, ${done} done`,
          );
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      server.child.kill('SIGTERM');
      // The listener closes at once: a new connection is refused while the sign-ins finish.
      const refusedDeadline = Date.now() + 10_000;
      let fresh: 'refused' | number = await freshConnection(server.base);
      while (fresh !== 'refused' && Date.now() < refusedDeadline) {
        await new Promise((r) => setTimeout(r, 20));
        fresh = await freshConnection(server.base);
      }
      expect(fresh).toBe('refused');

      const answers = await Promise.all(signIns);
      expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
      // Those still hashing or queued at the signal were told to close their connections.
      expect(
        answers.filter((answer) => answer.connection === 'close').length,
      ).toBeGreaterThanOrEqual(SIGN_INS / 2);
      expect(await server.exited).toBe(0);

      const lines = server.lines();
      const stopping = lines.find((line) => line.msg === 'stopping');
      expect(stopping).toMatchObject({ signal: 'SIGTERM', shutdownTimeoutMs: 60_000 });
      expect(stopping!.requestsInFlight as number).toBeGreaterThanOrEqual(SIGN_INS / 2);
      const order = lines
        .map((line) => line.msg)
        .filter((msg) => ['stopping', 'requests finished', 'stopped'].includes(msg as string));
      expect(order).toEqual(['stopping', 'requests finished', 'stopped']);
      // Every sign-in recorded its session: nothing was cut half-way.
      const [{ n }]: { n: number }[] = await db.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE kind = 'sign_in.succeeded'`,
      );
      expect(n).toBe(SIGN_INS);
    } finally {
      await server.stop();
    }
  });

  it('cuts what is left after SHUTDOWN_TIMEOUT_SECONDS and still exits', async () => {
    const issued = await runCli(db.url, 'account', 'create', '--username', 'slowpoke', '--json');
    const { username, temporaryPassword } = JSON.parse(issued.stdout) as {
      username: string;
      temporaryPassword: string;
    };
    const metricsPort = await freePort();
    const server = await startServerProcess(db.url, {
      MFA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      DATA_DIR: `/tmp/tobira-shutdown-${randomBytes(4).toString('hex')}`,
      METRICS_PORT: String(metricsPort),
      // One hash of several seconds.
      ARGON2_TIME_COST: '100',
      HASH_CONCURRENCY: '1',
      SHUTDOWN_TIMEOUT_SECONDS: '0',
    });
    try {
      const signIn = fetch(`${server.base}/api/auth/login`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: `XSRF-TOKEN=${TEST_XSRF}`,
          'x-xsrf-token': TEST_XSRF,
        },
        body: JSON.stringify({ username, password: temporaryPassword }),
      }).then(
        (res) => res.status,
        () => 'cut',
      );
      const deadline = Date.now() + 30_000;
      while (
        (await scrape(`http://127.0.0.1:${metricsPort}/metrics`)).get(
          'tobira_hashing_in_flight',
        ) !== 1
      ) {
        if (Date.now() > deadline) throw new Error('the sign-in never started hashing');
        await new Promise((r) => setTimeout(r, 20));
      }
      server.child.kill('SIGTERM');
      expect(await signIn).toBe('cut');
      expect(await server.exited).toBe(0);
      expect(server.lines().map((line) => line.msg)).toContain('shutdown timeout: requests cut');
    } finally {
      await server.stop();
    }
  });
});

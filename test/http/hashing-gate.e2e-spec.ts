import { HashingGate } from '../../server/password-hashing/hashing-gate';
import { issueAccount } from '../support/factories';
import { createTestApp, type TestApp } from '../support/test-app';

interface Running {
  sut: TestApp;
  base: string;
}

/** The real app on a port of its own, with one hash at a time and four waiting. */
async function start(queueWaitMs: number): Promise<Running> {
  const sut = await createTestApp({
    HASH_CONCURRENCY: '1',
    HASH_QUEUE_LIMIT: '4',
    HASH_QUEUE_WAIT_MS: String(queueWaitMs),
  });
  await sut.app.listen(0, '127.0.0.1');
  return { sut, base: (await sut.app.getUrl()).replace('[::1]', '127.0.0.1') };
}

async function signIn(
  base: string,
  account: { username: string; password: string },
): Promise<Response> {
  const health = await fetch(`${base}/api/health`);
  const cookie = health.headers.getSetCookie().find((c) => c.startsWith('XSRF-TOKEN='))!;
  const xsrf = cookie.split(';')[0].slice('XSRF-TOKEN='.length);
  return fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: `XSRF-TOKEN=${xsrf}`,
      'x-xsrf-token': xsrf,
    },
    body: JSON.stringify(account),
  });
}

/** Takes the one hashing slot until the returned function is called. */
function occupyTheGate(gate: HashingGate): () => Promise<void> {
  let release!: () => void;
  const held = gate.run(() => new Promise<void>((resolve) => (release = resolve)));
  return async () => {
    release();
    await held;
  };
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('The hashing gate over HTTP', () => {
  let running: Running;

  // Long enough that no queued sign-in times out while the test fills the queue on a busy machine.
  beforeAll(async () => {
    running = await start(30_000);
  });

  afterAll(async () => {
    await running.sut.close();
  });

  it('queues a sign-in flood up to the limit and answers the rest 503 SERVER_BUSY with Retry-After, while /api/health stays fast', async () => {
    const { sut, base } = running;
    const account = await issueAccount(sut.accounts);
    const gate = sut.app.get(HashingGate);
    const release = occupyTheGate(gate);

    let answered = 0;
    const flood = Array.from({ length: 20 }, () =>
      signIn(base, account).then((res) => {
        answered += 1;
        return res;
      }),
    );
    // Every sign-in past the queue is answered while the slot is still held.
    await until(() => answered === 16 && gate.load.queued === 4);
    const started = performance.now();
    const health = await fetch(`${base}/api/health`);
    const healthMs = performance.now() - started;
    expect(health.status).toBe(200);
    expect(healthMs).toBeLessThan(250);
    // The 16 answered past the queue were refused (and counted for the metrics).
    expect(gate.load).toEqual({ running: 1, queued: 4, refused: 16 });

    await release();
    const statuses = await Promise.all(
      (await Promise.all(flood)).map(async (res) => ({
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
        code: ((await res.json()) as { code?: string }).code,
      })),
    );

    expect(statuses.filter((s) => s.status === 200)).toHaveLength(4);
    const busy = statuses.filter((s) => s.status === 503);
    expect(busy).toHaveLength(16);
    expect(busy.every((s) => s.retryAfter === '1' && s.code === 'SERVER_BUSY')).toBe(true);
  });
});

describe('The hashing gate over HTTP, with HASH_QUEUE_WAIT_MS=1000', () => {
  let running: Running;

  beforeAll(async () => {
    running = await start(1000);
  });

  afterAll(async () => {
    await running.sut.close();
  });

  it('answers 503 to a sign-in that waited HASH_QUEUE_WAIT_MS for a slot', async () => {
    const { sut, base } = running;
    const account = await issueAccount(sut.accounts);
    const release = occupyTheGate(sut.app.get(HashingGate));
    const started = performance.now();

    const res = await signIn(base, account);

    const waitedMs = performance.now() - started;
    await release();
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(waitedMs).toBeGreaterThanOrEqual(950);
  });
});

import { AppError } from '../http/app-error';
import { HashingGate } from './hashing-gate';
import { readHashingGateSettings } from './password-hashing.config';

/** Work that finishes only when the test says so. */
function heldWork() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const started = jest.fn();
  return {
    started,
    finish,
    work: async () => {
      started();
      await done;
      return 'hashed';
    },
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe(HashingGate.name, () => {
  afterEach(() => jest.useRealTimers());

  it('runs up to `concurrency` at once and starts a queued one when a slot frees', async () => {
    const sut = new HashingGate({ concurrency: 2, queueLimit: 10, queueWaitMs: 1000 });
    const [a, b, c] = [heldWork(), heldWork(), heldWork()];
    const results = [a, b, c].map((h) => sut.run(h.work));
    await flush();
    expect([a, b, c].map((h) => h.started.mock.calls.length)).toEqual([1, 1, 0]);
    expect(sut.load).toEqual({ running: 2, queued: 1, refused: 0 });

    a.finish();
    await flush();
    expect(c.started).toHaveBeenCalledTimes(1);
    expect(sut.load).toEqual({ running: 2, queued: 0, refused: 0 });
    b.finish();
    c.finish();
    await expect(Promise.all(results)).resolves.toEqual(['hashed', 'hashed', 'hashed']);
    expect(sut.load).toEqual({ running: 0, queued: 0, refused: 0 });
  });

  it('refuses with SERVER_BUSY at once when the queue is full, without running the work', async () => {
    const sut = new HashingGate({ concurrency: 1, queueLimit: 1, queueWaitMs: 1000 });
    const [running, queued, refused] = [heldWork(), heldWork(), heldWork()];
    const first = sut.run(running.work);
    const second = sut.run(queued.work);
    await expect(sut.run(refused.work)).rejects.toEqual(new AppError('SERVER_BUSY'));
    expect(refused.started).not.toHaveBeenCalled();
    // Counted for the metrics (tobira_hashing_refused_total).
    expect(sut.load).toEqual({ running: 1, queued: 1, refused: 1 });
    running.finish();
    queued.finish();
    await expect(Promise.all([first, second])).resolves.toEqual(['hashed', 'hashed']);
  });

  it('refuses a queued hash with SERVER_BUSY once it has waited queueWaitMs, and forgets it', async () => {
    jest.useFakeTimers();
    const sut = new HashingGate({ concurrency: 1, queueLimit: 5, queueWaitMs: 500 });
    const [running, waiting] = [heldWork(), heldWork()];
    const first = sut.run(running.work);
    const second = sut.run(waiting.work);
    const outcome = second.then(
      () => 'ran',
      (error: unknown) => error,
    );

    jest.advanceTimersByTime(499);
    expect(sut.load.queued).toBe(1);
    jest.advanceTimersByTime(1);
    await expect(outcome).resolves.toEqual(new AppError('SERVER_BUSY'));
    expect(sut.load).toEqual({ running: 1, queued: 0, refused: 1 });

    running.finish();
    await first;
    expect(waiting.started).not.toHaveBeenCalled();
    expect(sut.load).toEqual({ running: 0, queued: 0, refused: 1 });
  });

  it('frees the slot when the work fails', async () => {
    const sut = new HashingGate({ concurrency: 1, queueLimit: 0, queueWaitMs: 100 });
    await expect(sut.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(sut.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});

describe(readHashingGateSettings.name, () => {
  it('defaults to one hash per core, 50 waiting per core and 2 seconds of waiting', () => {
    expect(readHashingGateSettings({}, 2)).toEqual({
      concurrency: 2,
      queueLimit: 100,
      queueWaitMs: 2000,
    });
  });

  it('reads the three bounds from the environment', () => {
    const env = { HASH_CONCURRENCY: '4', HASH_QUEUE_LIMIT: '8', HASH_QUEUE_WAIT_MS: '250' };
    expect(readHashingGateSettings(env, 2)).toEqual({
      concurrency: 4,
      queueLimit: 8,
      queueWaitMs: 250,
    });
  });

  it.each([
    ['HASH_CONCURRENCY', '0'],
    ['HASH_QUEUE_LIMIT', '-1'],
    ['HASH_QUEUE_WAIT_MS', 'soon'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => readHashingGateSettings({ [name]: value })).toThrow(name);
  });
});

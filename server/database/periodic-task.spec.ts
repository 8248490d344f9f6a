import type { Logger } from '@nestjs/common';
import { PeriodicTask } from './periodic-task';

function fakeLogger() {
  return { log: jest.fn(), error: jest.fn() };
}

/** A promise and the functions that settle it. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe(PeriodicTask.name, () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  it('runs at start and then every interval, logging what it did', async () => {
    const logger = fakeLogger();
    const work = jest
      .fn<Promise<Record<string, number> | null>, []>()
      .mockResolvedValueOnce({ removed: 3 })
      .mockResolvedValue(null);
    const task = new PeriodicTask('upkeep', 1000, work, logger as unknown as Logger);

    task.start();
    await flush();
    expect(work).toHaveBeenCalledTimes(1);
    expect(logger.log).toHaveBeenCalledWith({ msg: 'upkeep', removed: 3 });

    jest.advanceTimersByTime(1000);
    await flush();
    jest.advanceTimersByTime(1000);
    await flush();
    expect(work).toHaveBeenCalledTimes(3);
    // Nothing done, nothing logged.
    expect(logger.log).toHaveBeenCalledTimes(1);
    await task.stop();
    jest.advanceTimersByTime(5000);
    expect(work).toHaveBeenCalledTimes(3);
  });

  it('does not start a run while the last one is still going, and stop waits for it', async () => {
    const logger = fakeLogger();
    const first = deferred<Record<string, number> | null>();
    const work = jest.fn(() => first.promise);
    const task = new PeriodicTask('upkeep', 1000, work, logger as unknown as Logger);

    task.start();
    jest.advanceTimersByTime(3000);
    expect(work).toHaveBeenCalledTimes(1);

    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    await flush();
    expect(stopped).toBe(false);
    first.resolve({ removed: 1 });
    await stopping;
    expect(logger.log).toHaveBeenCalledWith({ msg: 'upkeep', removed: 1 });
  });

  it('logs a failed run and runs again at the next interval', async () => {
    const logger = fakeLogger();
    const work = jest
      .fn<Promise<Record<string, number> | null>, []>()
      .mockRejectedValueOnce(new Error('connection refused'))
      .mockResolvedValue({ removed: 2 });
    const task = new PeriodicTask('upkeep', 1000, work, logger as unknown as Logger);

    task.start();
    await flush();
    expect(logger.error).toHaveBeenCalledWith({
      msg: 'upkeep failed',
      error: 'Error: connection refused',
    });
    jest.advanceTimersByTime(1000);
    await flush();
    expect(work).toHaveBeenCalledTimes(2);
    expect(logger.log).toHaveBeenCalledWith({ msg: 'upkeep', removed: 2 });
    await task.stop();
  });
});

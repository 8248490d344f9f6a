import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../http/app-error';
import { hashingGateConfig, type HashingGateSettings } from './password-hashing.config';

interface Waiter {
  start(): void;
  timer: NodeJS.Timeout;
}

/**
 * Lets at most `concurrency` hashes run at once (one per core by default) and queues a bounded
 * number of others for a bounded time. Past either bound the caller gets SERVER_BUSY (503 with
 * Retry-After) at once, so a flood of sign-ins costs a few bytes each instead of a thread-pool slot
 * and the hash's memory. The entry points give libuv's pool a thread for each of the `concurrency`
 * hashes and four more for everything else (hashing-threads.ts), so a hash let through starts at
 * once: `load.queued` is the whole queue, with none hidden behind it in libuv's.
 */
@Injectable()
export class HashingGate {
  private running = 0;
  private refused = 0;
  private readonly queue: Waiter[] = [];

  constructor(@Inject(hashingGateConfig.KEY) private readonly settings: HashingGateSettings) {}

  /** Hashes running now and waiting now, and those refused (SERVER_BUSY) since start: metrics. */
  get load(): { running: number; queued: number; refused: number } {
    return { running: this.running, queued: this.queue.length, refused: this.refused };
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.running < this.settings.concurrency) {
      this.running += 1;
      return Promise.resolve();
    }
    if (this.queue.length >= this.settings.queueLimit) {
      this.refused += 1;
      return Promise.reject(new AppError('SERVER_BUSY'));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        start: () => {
          clearTimeout(waiter.timer);
          this.running += 1;
          resolve();
        },
        timer: setTimeout(() => {
          this.queue.splice(this.queue.indexOf(waiter), 1);
          this.refused += 1;
          reject(new AppError('SERVER_BUSY'));
        }, this.settings.queueWaitMs),
      };
      this.queue.push(waiter);
    });
  }

  private release(): void {
    this.running -= 1;
    this.queue.shift()?.start();
  }
}

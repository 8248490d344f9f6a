import type { Logger } from '@nestjs/common';

/** One run of a periodic task: `counts` is what it deleted (null: nothing to do). */
export interface PeriodicTaskRun {
  task: string;
  outcome: 'done' | 'failed';
  counts: Record<string, number> | null;
}

/** Told of every run of every periodic task in the process (the metrics count upkeep this way). */
export const periodicTaskRuns = new Set<(run: PeriodicTaskRun) => void>();

function announce(run: PeriodicTaskRun): void {
  for (const listener of periodicTaskRuns) {
    try {
      listener(run);
    } catch {
      // An observer's fault is its own.
    }
  }
}

/**
 * Database upkeep that runs at start-up and then every `everyMs`, in every instance: each task is
 * written so that running it twice, or in two instances at once, does no harm. A run still going
 * when the next is due is not doubled; `stop` waits for it, so that it ends before the database
 * connections close (a quick stop then logs no "Connection terminated" error).
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly name: string,
    private readonly everyMs: number,
    /** Does the work; answers what to log (counts), or null when there was nothing to do. */
    private readonly work: () => Promise<Record<string, number> | null>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.work()
      .then(
        (done) => {
          if (done) this.logger.log({ msg: this.name, ...done });
          announce({ task: this.name, outcome: 'done', counts: done });
        },
        (error: unknown) => {
          this.logger.error({ msg: `${this.name} failed`, error: String(error) });
          announce({ task: this.name, outcome: 'failed', counts: null });
        },
      )
      .finally(() => (this.running = undefined));
  }
}

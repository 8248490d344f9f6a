import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { BruteForceService } from '../brute-force/brute-force.service';
import { PeriodicTask } from '../database/periodic-task';
import { SessionsService } from '../sessions/sessions.service';

/** How often the timed-out sessions and the stale failure counters are deleted. */
export const SIGN_IN_UPKEEP_EVERY_MS = 15 * 60_000;

/**
 * Deletes what sign-in leaves behind once it decides nothing any more: timed-out sessions and
 * stale failure counters. Every instance runs it; each deletion is safe to repeat.
 */
@Injectable()
export class SignInUpkeep implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly task = new PeriodicTask(
    'sign-in upkeep',
    SIGN_IN_UPKEEP_EVERY_MS,
    async () => {
      const sessions = await this.sessions.purgeExpired();
      const throttles = await this.bruteForce.purgeStale();
      return sessions + throttles > 0 ? { sessions, throttles } : null;
    },
    new Logger('SignInUpkeep'),
  );

  constructor(
    private readonly sessions: SessionsService,
    private readonly bruteForce: BruteForceService,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }
}

import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { PeriodicTask } from '../database/periodic-task';
import { HashingGate } from '../password-hashing/hashing-gate';
import type { SecurityEventSink } from '../security-events/security-event';
import { SecurityEvents } from '../security-events/security-events.service';
import { MetricsService, signInOutcome } from './metrics.service';

function metrics() {
  const sink: SecurityEventSink = {
    record: () => Promise.resolve(),
    inStatement: () => ({ sql: '', values: [], written: () => undefined }),
  };
  const events = new SecurityEvents(sink, []);
  const gate = new HashingGate({ concurrency: 1, queueLimit: 1, queueWaitMs: 1000 });
  const pool = { totalCount: 3, idleCount: 2, waitingCount: 0 };
  const dataSource = { driver: { master: pool } } as unknown as DataSource;
  const service = new MetricsService(events, gate, dataSource);
  service.onModuleInit();
  return { service, events };
}

async function value(service: MetricsService, sample: string): Promise<number | undefined> {
  const line = (await service.text()).split('\n').find((l) => l.startsWith(`${sample} `));
  return line === undefined ? undefined : Number(line.slice(sample.length + 1));
}

describe('MetricsService', () => {
  it('counts upkeep runs and the rows each deleted, by task', async () => {
    const { service } = metrics();
    const quiet = new Logger('test');
    jest.spyOn(quiet, 'log').mockImplementation(() => undefined);
    jest.spyOn(quiet, 'error').mockImplementation(() => undefined);
    let run = 0;
    const task = new PeriodicTask(
      'sign-in upkeep',
      60_000,
      () => {
        run += 1;
        return run === 1
          ? Promise.resolve({ sessions: 3, throttles: 0 })
          : Promise.reject(new Error('down'));
      },
      quiet,
    );
    try {
      task.start();
      await task.stop();
      const again = new PeriodicTask(
        'sign-in upkeep',
        60_000,
        () => Promise.reject(new Error('down')),
        quiet,
      );
      again.start();
      await again.stop();
      expect(
        await value(service, 'tobira_upkeep_runs_total{task="sign_in_upkeep",outcome="done"}'),
      ).toBe(1);
      expect(
        await value(service, 'tobira_upkeep_runs_total{task="sign_in_upkeep",outcome="failed"}'),
      ).toBe(1);
      expect(
        await value(
          service,
          'tobira_upkeep_rows_deleted_total{task="sign_in_upkeep",rows="sessions"}',
        ),
      ).toBe(3);
      expect(
        await value(
          service,
          'tobira_upkeep_rows_deleted_total{task="sign_in_upkeep",rows="throttles"}',
        ),
      ).toBeUndefined();
    } finally {
      service.onModuleDestroy();
    }
  });

  it('stops counting once destroyed (an application closed in a process that goes on)', async () => {
    const { service, events } = metrics();
    const event = { kind: 'sign_in.succeeded', actor: { kind: 'user' } } as const;
    await events.emit(event);
    service.onModuleDestroy();
    await events.emit(event);
    expect(await value(service, 'tobira_sign_ins_total{outcome="success"}')).toBe(1);
  });

  it('maps events to outcomes, and new failure reasons to "other"', () => {
    const failed = (reason: string) =>
      signInOutcome({ kind: 'sign_in.failed', actor: { kind: 'user' }, detail: { reason } });
    expect(failed('wrong_password')).toBe('wrong_password');
    expect(failed('something_new')).toBe('other');
    expect(signInOutcome({ kind: 'sign_out', actor: { kind: 'user' } })).toBeNull();
    expect(signInOutcome({ kind: 'mfa.code_failed', actor: { kind: 'user' } })).toBe('mfa_failed');
  });
});

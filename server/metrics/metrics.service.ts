import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { pgPool } from '../database/pg-pool';
import { type PeriodicTaskRun, periodicTaskRuns } from '../database/periodic-task';
import { HashingGate } from '../password-hashing/hashing-gate';
import type { ObservedRequest, RequestObserver } from '../logging/request-context';
import type { SecurityEvent } from '../security-events/security-event';
import { SecurityEvents } from '../security-events/security-events.service';

/** The outcomes of a sign-in step, from the security events that record them. */
export const SIGN_IN_OUTCOMES = [
  'success',
  'wrong_password',
  'unknown_username',
  'locked',
  'delayed',
  'address_limited',
  'disabled',
  'expired',
  'temporary_password_expired',
  'mfa_pending',
  'mfa_passed',
  'mfa_failed',
  'other',
] as const;
export type SignInOutcome = (typeof SIGN_IN_OUTCOMES)[number];

const FAILURE_REASONS = new Set<string>(SIGN_IN_OUTCOMES);

const OUTCOME_OF_KIND: Partial<Record<SecurityEvent['kind'], SignInOutcome>> = {
  'sign_in.succeeded': 'success',
  'sign_in.mfa_pending': 'mfa_pending',
  'sign_in.mfa_passed': 'mfa_passed',
  'mfa.code_failed': 'mfa_failed',
};

/** The sign-in outcome an event records, or null for events that are not about signing in. */
export function signInOutcome(event: SecurityEvent): SignInOutcome | null {
  if (event.kind === 'sign_in.failed') {
    // The reason of a failed password step (auth.service.ts); a new one counts as `other`.
    const reason = String(event.detail?.reason ?? '');
    return FAILURE_REASONS.has(reason) ? (reason as SignInOutcome) : 'other';
  }
  return OUTCOME_OF_KIND[event.kind] ?? null;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Every metric of the process, in a registry of its own (not prom-client's global one, so that
 * two applications in one process, as in the tests, count apart). Sign-ins and password changes
 * are counted from the security events the code already emits; the hashing gate, the database
 * pool and the upkeep are read or told; HTTP requests are observed by the request middleware
 * (server/logging/request-context.ts).
 */
@Injectable()
export class MetricsService implements OnModuleInit, OnModuleDestroy, RequestObserver {
  readonly registry = new Registry();

  private readonly signIns = new Counter({
    name: 'tobira_sign_ins_total',
    help: 'Sign-in steps by outcome (password step, and the MFA code step: mfa_passed, mfa_failed).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  private readonly passwordChanges = new Counter({
    name: 'tobira_password_changes_total',
    help: 'Passwords changed by their users (temporary: the forced change of a temporary one).',
    labelNames: ['temporary'] as const,
    registers: [this.registry],
  });

  private readonly sessionChecks = new Counter({
    name: 'tobira_session_checks_total',
    help: 'Requests whose session was checked, by result (valid, refused).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  private readonly httpDuration = new Histogram({
    name: 'tobira_http_request_duration_seconds',
    help: 'HTTP requests by method, route (the pattern, never the path) and status, with their time.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly upkeepRuns = new Counter({
    name: 'tobira_upkeep_runs_total',
    help: 'Runs of the periodic upkeep tasks, by task and outcome (done, failed).',
    labelNames: ['task', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly upkeepRows = new Counter({
    name: 'tobira_upkeep_rows_deleted_total',
    help: 'Rows the upkeep tasks deleted, by task and what (sessions, throttles, audit events).',
    labelNames: ['task', 'rows'] as const,
    registers: [this.registry],
  });

  private stopListening?: () => void;
  private readonly onUpkeep = (run: PeriodicTaskRun): void => {
    const task = run.task.replace(/[^a-z0-9]+/gi, '_').toLowerCase();
    this.upkeepRuns.inc({ task, outcome: run.outcome });
    for (const [rows, count] of Object.entries(run.counts ?? {})) {
      if (count > 0) this.upkeepRows.inc({ task, rows }, count);
    }
  };

  constructor(
    private readonly events: SecurityEvents,
    @Inject(HashingGate) gate: HashingGate,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'tobira_hashing_in_flight',
      help: 'Password hashes running now (at most HASH_CONCURRENCY).',
      registers: [this.registry],
      collect() {
        this.set(gate.load.running);
      },
    });
    new Gauge({
      name: 'tobira_hashing_waiting',
      help: 'Password hashes waiting for a thread now (at most HASH_QUEUE_LIMIT).',
      registers: [this.registry],
      collect() {
        this.set(gate.load.queued);
      },
    });
    new Counter({
      name: 'tobira_hashing_refused_total',
      help: 'Hashes refused by the hashing gate (queue full or wait over): answered 503 SERVER_BUSY.',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(gate.load.refused);
      },
    });
    const pool = () => pgPool(this.dataSource);
    new Gauge({
      name: 'tobira_db_pool_connections',
      help: 'PostgreSQL connections of this process by state (total, idle).',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const { totalCount, idleCount } = pool();
        this.set({ state: 'total' }, totalCount);
        this.set({ state: 'idle' }, idleCount);
      },
    });
    new Gauge({
      name: 'tobira_db_pool_waiting',
      help: 'Queries waiting for a PostgreSQL connection of this process (pool exhausted).',
      registers: [this.registry],
      collect() {
        this.set(pool().waitingCount);
      },
    });
    // Every outcome present from the start, at 0, so that rates and alerts see them.
    for (const outcome of SIGN_IN_OUTCOMES) this.signIns.inc({ outcome }, 0);
    for (const result of ['valid', 'refused']) this.sessionChecks.inc({ result }, 0);
  }

  onModuleInit(): void {
    this.stopListening = this.events.listen((event) => this.onEvent(event));
    periodicTaskRuns.add(this.onUpkeep);
  }

  onModuleDestroy(): void {
    this.stopListening?.();
    periodicTaskRuns.delete(this.onUpkeep);
  }

  /** One finished HTTP request; `route` is the matched pattern or a fixed name (routeOf). */
  finished(
    req: ObservedRequest,
    _res: unknown,
    route: string,
    status: number,
    seconds: number,
  ): void {
    const method = METHODS.has(req.method) ? req.method : 'other';
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
    if (req.sessionChecked) this.sessionChecks.inc({ result: req.principal ? 'valid' : 'refused' });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  private onEvent(event: SecurityEvent): void {
    const outcome = signInOutcome(event);
    if (outcome) this.signIns.inc({ outcome });
    else if (event.kind === 'password.changed') {
      this.passwordChanges.inc({ temporary: String(event.detail?.wasTemporary === true) });
    }
  }
}

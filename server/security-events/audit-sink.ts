import type { SecurityEvent } from './security-event';

export const AUDIT_SINKS = Symbol('AUDIT_SINKS');

/**
 * A further destination for security events (a SIEM, a message queue, a company's own log), added
 * with `TobiraModule.forRoot({ auditSinks: [MySink] })`; an `@Injectable()` class, so it can inject
 * what it needs.
 *
 * A sink hears of an event once the audit log has written it: with the change it records, in the
 * same transaction when there is one, so an event whose transaction then rolls back may still be
 * heard. A sink that fails or throws is logged and does not fail the request or the change; a slow
 * one delays the request, so hand slow work off (a queue) rather than await it.
 */
export interface AuditSink {
  record(event: SecurityEvent): Promise<void> | void;
}

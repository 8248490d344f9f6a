import type { EntityManager } from 'typeorm';

/** Everything worth an audit trail. Add kinds here; the audit log records whatever is emitted. */
export type SecurityEventKind =
  | 'sign_in.succeeded'
  | 'sign_in.mfa_pending'
  | 'sign_in.mfa_passed'
  | 'sign_in.failed'
  | 'password.confirmation_failed'
  | 'account.locked'
  | 'account.unlocked'
  | 'sign_out'
  | 'session.ended'
  | 'password.changed'
  | 'account.created'
  | 'account.temporary_password_reissued'
  | 'account.expiry_changed'
  | 'account.role_changed'
  | 'account.disabled'
  | 'account.enabled'
  | 'account.sessions_ended'
  | 'account.mfa_reset'
  | 'account.bulk_issue_refused'
  | 'account.bulk_issued'
  | 'organization.created'
  | 'organization.ended'
  | 'mfa.enabled'
  | 'mfa.disabled'
  | 'mfa.code_failed'
  | 'mfa.locked'
  | 'mfa.recovery_code_used'
  | 'mfa.recovery_codes_regenerated'
  | 'passkey.registered'
  | 'passkey.renamed'
  | 'passkey.deleted'
  | 'passkey.refused'
  | 'oidc.client_created'
  | 'oidc.client_secret_rotated'
  | 'oidc.client_disabled'
  | 'oidc.signing_key_rotated'
  | 'oidc.authorized'
  | 'oidc.token_issued'
  | 'oidc.token_refreshed'
  | 'oidc.token_revoked'
  | 'oidc.logout'
  | 'oidc.refused';

export type ActorKind = 'user' | 'admin' | 'operator' | 'system';

export interface SecurityEvent {
  kind: SecurityEventKind;
  /** Who acted: the user themself, an administrator, or the operator's CLI. */
  actor: { kind: ActorKind; userId?: string | null; username?: string | null };
  /** The account the event is about, when there is one. */
  target?: { userId?: string | null; username?: string | null };
  /** The contract the target (or the acting administrator) belongs to. */
  organizationId?: string | null;
  /** Why it failed, what changed: small, never a secret. */
  detail?: Record<string, string | number | boolean | null>;
  client?: { ipAddress: string | null; userAgent: string | null };
}

export const SECURITY_EVENT_SINK = Symbol('SECURITY_EVENT_SINK');

/**
 * Where events go first: the audit log (server/audit/audit-log.sink.ts). `manager` is the transaction of
 * the change being recorded, when there is one, so that the record commits or rolls back with it.
 */
export interface SecurityEventSink {
  record(event: SecurityEvent, manager?: EntityManager): Promise<void>;
  /**
   * The event recorded as part of the caller's own SQL statement, for a hot path that must write
   * its change and the record in one round trip (sign-in): `sql` is a data-modifying statement for
   * a WITH clause that records the event once for each row of `source` (a CTE of the caller's, so
   * no row means no record), with `values` as parameters numbered from `firstParam`. The caller
   * calls `written()` once its statement has succeeded.
   */
  inStatement(event: SecurityEvent, source: string, firstParam: number): RecordedInStatement;
}

export interface RecordedInStatement {
  sql: string;
  values: unknown[];
  written(): void;
}

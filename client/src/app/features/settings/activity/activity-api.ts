import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** Who acted: the user themself, their account administrator, the operator's CLI, the system. */
export type ActorKind = 'user' | 'admin' | 'operator' | 'system';

/** One security event about the account, as `GET /api/activity` describes it (ActivityDto). */
export interface ActivityEvent {
  /** ISO instant. */
  readonly occurredAt: string;
  /** `sign_in.succeeded`, `session.ended`, …; the server may add kinds this client does not know. */
  readonly kind: string;
  readonly actorKind: ActorKind | (string & {});
  /** Who acted, when not the user themself. */
  readonly actorUsername: string | null;
  readonly ipAddress: string | null;
  readonly userAgent: string | null;
  /** "Chrome 131 (Windows)", as the server reads userAgent; null when it recognises neither part. */
  readonly device: string | null;
  readonly detail: Readonly<Record<string, unknown>>;
}

@Injectable({ providedIn: 'root' })
export class ActivityApi {
  private readonly http = inject(HttpClient);

  /** The account's recent events, newest first. */
  recent(): Observable<ActivityEvent[]> {
    return this.http.get<ActivityEvent[]>('/api/activity');
  }
}

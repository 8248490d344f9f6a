import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** One live session of the account, as `GET /api/sessions` describes it (SessionSummaryDto). */
export interface SessionSummary {
  readonly id: string;
  /** The session making the request: this browser. */
  readonly current: boolean;
  readonly browser: string | null;
  readonly system: string | null;
  readonly ipAddress: string | null;
  /** ISO instants. */
  readonly signedInAt: string;
  readonly lastActiveAt: string;
}

/** The answer of both ending calls (EndedSessionsDto). */
export interface EndedSessions {
  readonly ended: number;
}

/** The signed-in user's own sessions: list them, end one, end all the others. */
@Injectable({ providedIn: 'root' })
export class SessionsApi {
  private readonly http = inject(HttpClient);

  list(): Observable<SessionSummary[]> {
    return this.http.get<SessionSummary[]>('/api/sessions');
  }

  end(id: string): Observable<EndedSessions> {
    return this.http.delete<EndedSessions>(`/api/sessions/${encodeURIComponent(id)}`);
  }

  endOthers(): Observable<EndedSessions> {
    return this.http.post<EndedSessions>('/api/sessions/end-others', {});
  }
}

import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import type { SessionSummary } from '../../../shared/session-list/session-list';

export type { SessionSummary };

/** The answer of both ending calls (EndedSessionsDto). */
export interface EndedSessions {
  readonly ended: number;
}

/** The current password again: ending sessions asks for it (ASVS 7.5.2). */
export interface ConfirmPassword {
  readonly currentPassword: string;
}

/**
 * The signed-in user's own sessions: list them, end one, end all the others. Ending either way
 * needs the current password; a wrong or missing one is a 400 on the `currentPassword` field and
 * ends nothing.
 */
@Injectable({ providedIn: 'root' })
export class SessionsApi {
  private readonly http = inject(HttpClient);

  list(): Observable<SessionSummary[]> {
    return this.http.get<SessionSummary[]>('/api/sessions');
  }

  /** 404 when the session is not (or no longer) one of the account's. */
  end(id: string, confirmation: ConfirmPassword): Observable<EndedSessions> {
    return this.http.post<EndedSessions>(
      `/api/sessions/${encodeURIComponent(id)}/end`,
      confirmation,
    );
  }

  endOthers(confirmation: ConfirmPassword): Observable<EndedSessions> {
    return this.http.post<EndedSessions>('/api/sessions/end-others', confirmation);
  }
}

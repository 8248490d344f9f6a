import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { Session } from '../session/session';

export interface LoginRequest {
  readonly username: string;
  readonly password: string;
}

/** The sign-in endpoints of docs/api.md. */
@Injectable({ providedIn: 'root' })
export class AuthApi {
  private readonly http = inject(HttpClient);

  session(): Observable<Session> {
    return this.http.get<Session>('/api/auth/session');
  }

  login(request: LoginRequest): Observable<Session> {
    return this.http.post<Session>('/api/auth/login', request);
  }

  logout(): Observable<void> {
    return this.http
      .post<{ signedOut: boolean }>('/api/auth/logout', {})
      .pipe(map(() => undefined));
  }
}

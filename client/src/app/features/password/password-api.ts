import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { Session } from '../../core/session/session';
import { PasswordPolicy } from '../../shared/policy-checklist/password-policy';

/** `POST /api/auth/password` body. */
export interface PasswordChangeRequest {
  readonly currentPassword: string;
  readonly newPassword: string;
  readonly newPasswordConfirmation: string;
}

@Injectable({ providedIn: 'root' })
export class PasswordApi {
  private readonly http = inject(HttpClient);

  policy(): Observable<PasswordPolicy> {
    return this.http.get<PasswordPolicy>('/api/password-policy');
  }

  change(request: PasswordChangeRequest): Observable<Session> {
    return this.http.post<Session>('/api/auth/password', request);
  }
}

import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { Session } from '../../core/session/session';

/** `GET /api/mfa` (docs/api.md, "Multi-factor authentication"). */
export interface MfaStatus {
  readonly enabled: boolean;
  /** ISO date-time MFA was turned on, or null while off. */
  readonly enabledAt: string | null;
  readonly recoveryCodesRemaining: number;
}

/** `POST /api/mfa/enrollment`: what the authenticator app needs. */
export interface MfaEnrollment {
  readonly qrCodeDataUrl: string;
  /** The secret in base32, in groups of four for typing. */
  readonly key: string;
  readonly otpauthUri: string;
}

@Injectable({ providedIn: 'root' })
export class MfaApi {
  private readonly http = inject(HttpClient);

  status(): Observable<MfaStatus> {
    return this.http.get<MfaStatus>('/api/mfa');
  }

  startEnrollment(): Observable<MfaEnrollment> {
    return this.http.post<MfaEnrollment>('/api/mfa/enrollment', {});
  }

  confirmEnrollment(code: string): Observable<readonly string[]> {
    return this.http
      .post<{ recoveryCodes: string[] }>('/api/mfa/enrollment/confirm', { code })
      .pipe(map((body) => body.recoveryCodes));
  }

  disable(currentPassword: string): Observable<MfaStatus> {
    return this.http.post<MfaStatus>('/api/mfa/disable', { currentPassword });
  }

  regenerateRecoveryCodes(currentPassword: string): Observable<readonly string[]> {
    return this.http
      .post<{ recoveryCodes: string[] }>('/api/mfa/recovery-codes', { currentPassword })
      .pipe(map((body) => body.recoveryCodes));
  }

  /** The sign-in's second step. */
  verifyCode(code: string): Observable<Session> {
    return this.http.post<Session>('/api/auth/mfa/code', { code });
  }

  verifyRecoveryCode(recoveryCode: string): Observable<Session> {
    return this.http.post<Session>('/api/auth/mfa/recovery-code', { recoveryCode });
  }
}

import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import {
  browserSupportsWebAuthn,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
  startRegistration,
} from '@simplewebauthn/browser';
import { Observable, from, switchMap, throwError } from 'rxjs';
import { Session } from '../../core/session/session';

/** `GET /api/passkeys` (docs/api.md, "Passkeys"). */
export interface Passkey {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly backedUp: boolean;
}

/**
 * The passkey calls: the server's options go to the browser's WebAuthn ceremony
 * (@simplewebauthn/browser) and its answer back to the server, which decides.
 */
/** Refused before asking the server for a challenge the browser could not answer. */
function unsupported(): Observable<never> {
  return throwError(() => new DOMException('WebAuthn is not available', 'NotSupportedError'));
}

@Injectable({ providedIn: 'root' })
export class PasskeysApi {
  private readonly http = inject(HttpClient);

  list(): Observable<readonly Passkey[]> {
    return this.http.get<Passkey[]>('/api/passkeys');
  }

  /** The password again, then the authenticator makes the key; the server keeps it as `name`. */
  register(name: string, currentPassword: string): Observable<Passkey> {
    if (!browserSupportsWebAuthn()) return unsupported();
    return this.http
      .post<PublicKeyCredentialCreationOptionsJSON>('/api/passkeys/registration/options', {
        currentPassword,
      })
      .pipe(
        switchMap((optionsJSON) => from(startRegistration({ optionsJSON }))),
        switchMap((credential) =>
          this.http.post<Passkey>('/api/passkeys/registration', { name, credential }),
        ),
      );
  }

  rename(id: string, name: string): Observable<Passkey> {
    return this.http.patch<Passkey>(`/api/passkeys/${encodeURIComponent(id)}`, { name });
  }

  remove(id: string, currentPassword: string): Observable<readonly Passkey[]> {
    return this.http.post<Passkey[]>(`/api/passkeys/${encodeURIComponent(id)}/delete`, {
      currentPassword,
    });
  }

  /**
   * Signs in with a passkey alone; `autofill` waits for the user to pick one in the username
   * field's suggestions (conditional mediation) instead of opening the browser's dialog.
   */
  signIn(autofill = false): Observable<Session> {
    if (!browserSupportsWebAuthn()) return unsupported();
    return this.http
      .post<PublicKeyCredentialRequestOptionsJSON>('/api/auth/passkey/options', {})
      .pipe(
        switchMap((optionsJSON) =>
          from(startAuthentication({ optionsJSON, useBrowserAutofill: autofill })),
        ),
        switchMap((credential) =>
          this.http.post<Session>('/api/auth/passkey/login', { credential }),
        ),
      );
  }

  /** The MFA step's second factor. */
  verifySecondFactor(): Observable<Session> {
    if (!browserSupportsWebAuthn()) return unsupported();
    return this.http
      .post<PublicKeyCredentialRequestOptionsJSON>('/api/auth/mfa/passkey/options', {})
      .pipe(
        switchMap((optionsJSON) => from(startAuthentication({ optionsJSON }))),
        switchMap((credential) => this.http.post<Session>('/api/auth/mfa/passkey', { credential })),
      );
  }
}

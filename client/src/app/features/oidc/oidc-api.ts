import { DOCUMENT } from '@angular/common';
import { HttpClient } from '@angular/common/http';
import { Injectable, InjectionToken, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** `GET /api/oidc/interaction/:uid/consent` (docs/integrating.md). */
export interface ConsentRequest {
  readonly clientName: string;
  readonly scopes: readonly string[];
  readonly username: string;
}

/** Where the browser goes after the decision: back to the provider, then the application. */
export interface InteractionRedirect {
  readonly redirectTo: string;
}

/** The interactions of the OpenID Connect provider that need a page of the client. */
@Injectable({ providedIn: 'root' })
export class OidcApi {
  private readonly http = inject(HttpClient);

  consentRequest(uid: string): Observable<ConsentRequest> {
    return this.http.get<ConsentRequest>(
      `/api/oidc/interaction/${encodeURIComponent(uid)}/consent`,
    );
  }

  decide(uid: string, approve: boolean): Observable<InteractionRedirect> {
    return this.http.post<InteractionRedirect>(
      `/api/oidc/interaction/${encodeURIComponent(uid)}/consent`,
      { approve },
    );
  }
}

/** An interaction id as the provider makes them; anything else is not followed. */
export function isInteractionUid(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value);
}

/** Leaves the app for a URL of this server (the provider), by a full page load; replaced in tests. */
export const LEAVE_FOR = new InjectionToken<(url: string) => void>('LEAVE_FOR', {
  providedIn: 'root',
  factory: () => {
    const document = inject(DOCUMENT);
    return (url: string) => document.location.assign(url);
  },
});

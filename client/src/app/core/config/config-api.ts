import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** `GET /api/config`: the deployment's public settings. */
export interface PublicConfig {
  readonly productName: string;
  readonly supportUrl: string;
  /** The support site's pages on each function of the usage settings. */
  readonly supportUrlMfa: string;
  readonly supportUrlPassword: string;
  /** How long an issued temporary password can be used. */
  readonly temporaryPasswordDays: number;
  /** Minutes without a request after which the server ends a session. */
  readonly sessionIdleMinutes: number;
}

@Injectable({ providedIn: 'root' })
export class ConfigApi {
  private readonly http = inject(HttpClient);

  get(): Observable<PublicConfig> {
    return this.http.get<PublicConfig>('/api/config');
  }
}

import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** `GET /api/config`: the deployment's public settings. */
export interface PublicConfig {
  readonly productName: string;
  readonly supportUrl: string;
}

@Injectable({ providedIn: 'root' })
export class ConfigApi {
  private readonly http = inject(HttpClient);

  get(): Observable<PublicConfig> {
    return this.http.get<PublicConfig>('/api/config');
  }
}

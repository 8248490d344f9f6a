import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { Role } from '../../core/session/session';
import type { Paged } from '../../shared/pager/paging';
import type { SessionSummary } from '../../shared/session-list/session-list';

/** What the server says about an account (docs/api.md, "Account administration"). */
export type AccountState = 'active' | 'password_change_pending' | 'disabled' | 'expired' | 'locked';
export type AccountSort = 'username' | 'lastSignInAt' | 'expiresOn' | 'createdAt';

export interface Contract {
  readonly name: string;
  readonly plan: string;
  readonly serviceStartsOn: string;
  readonly serviceEndsOn: string | null;
}

export interface Account {
  readonly id: string;
  readonly username: string;
  readonly role: Role;
  readonly state: AccountState;
  readonly expiresOn: string | null;
  readonly effectiveExpiresOn: string | null;
  readonly mfaEnabled: boolean;
  readonly passkeyCount: number;
  readonly lastSignInAt: string | null;
  readonly createdAt: string;
}

export type AccountPage = Paged<Account>;

/** An application the contract's accounts may sign in to (GET /api/admin/oidc-clients). */
export interface OidcClientView {
  readonly name: string;
  readonly clientId: string;
  readonly type: 'confidential' | 'public';
  readonly redirectUris: readonly string[];
  /** Bound to this contract, or open to the accounts of every contract. */
  readonly scope: 'contract' | 'all';
  readonly consent: boolean;
  readonly requireMfa: boolean;
  readonly disabled: boolean;
}

export interface AccountQuery {
  readonly q: string;
  readonly role: Role | '';
  readonly state: AccountState | '';
  readonly sort: AccountSort;
  readonly order: 'asc' | 'desc';
  readonly page: number;
  readonly pageSize: number;
}

export interface IssuedAccount {
  readonly id: string;
  readonly username: string;
  readonly role: Role;
  readonly temporaryPassword: string;
  readonly expiresOn: string | null;
}

export interface BulkIssued {
  readonly accounts: readonly IssuedAccount[];
  readonly csv: string;
}

export interface IssueRequest {
  readonly username: string;
  readonly role: Role;
  readonly expiresOn: string | null;
}

/** One record of the contract's security log (GET /api/admin/audit). */
export interface SecurityLogEvent {
  readonly id: string;
  readonly occurredAt: string;
  readonly kind: string;
  readonly actorKind: string;
  readonly actorUsername: string | null;
  readonly targetUsername: string | null;
  readonly ipAddress: string | null;
  readonly userAgent: string | null;
  /** The browser and system, as the server reads userAgent. */
  readonly device: string | null;
  readonly detail: Readonly<Record<string, unknown>>;
}

export type SecurityLogResults = Paged<SecurityLogEvent>;

export interface SecurityLogQuery {
  readonly kind: string;
  readonly username: string;
  readonly from: string;
  readonly to: string;
  readonly page: number;
  readonly pageSize: number;
}

/** The admin area's calls; every one is scoped by the server to the administrator's contract. */
@Injectable({ providedIn: 'root' })
export class AdminApi {
  private readonly http = inject(HttpClient);

  contract(): Observable<Contract> {
    return this.http.get<Contract>('/api/admin/contract');
  }

  list(query: AccountQuery): Observable<AccountPage> {
    let params = new HttpParams()
      .set('sort', query.sort)
      .set('order', query.order)
      .set('page', query.page)
      .set('pageSize', query.pageSize);
    if (query.q) params = params.set('q', query.q);
    if (query.role) params = params.set('role', query.role);
    if (query.state) params = params.set('state', query.state);
    return this.http.get<AccountPage>('/api/admin/accounts', { params });
  }

  securityLog(query: SecurityLogQuery): Observable<SecurityLogResults> {
    let params = new HttpParams().set('page', query.page).set('pageSize', query.pageSize);
    for (const name of ['kind', 'username', 'from', 'to'] as const) {
      if (query[name]) params = params.set(name, query[name]);
    }
    return this.http.get<SecurityLogResults>('/api/admin/audit', { params });
  }

  oidcClients(): Observable<readonly OidcClientView[]> {
    return this.http.get<readonly OidcClientView[]>('/api/admin/oidc-clients');
  }

  find(id: string): Observable<Account> {
    return this.http.get<Account>(`/api/admin/accounts/${encodeURIComponent(id)}`);
  }

  issue(request: IssueRequest): Observable<IssuedAccount> {
    return this.http.post<IssuedAccount>('/api/admin/accounts', request);
  }

  issueMany(csv: string): Observable<BulkIssued> {
    return this.http.post<BulkIssued>('/api/admin/accounts/bulk', { csv });
  }

  reissue(id: string): Observable<IssuedAccount> {
    return this.http.post<IssuedAccount>(`${this.account(id)}/reissue`, {});
  }

  setExpiry(id: string, expiresOn: string | null): Observable<Account> {
    return this.http.post<Account>(`${this.account(id)}/expiry`, { expiresOn });
  }

  setRole(id: string, role: Role): Observable<Account> {
    return this.http.post<Account>(`${this.account(id)}/role`, { role });
  }

  setDisabled(id: string, disabled: boolean): Observable<Account> {
    return this.http.post<Account>(`${this.account(id)}/${disabled ? 'disable' : 'enable'}`, {});
  }

  resetMfa(id: string): Observable<Account> {
    return this.http.post<Account>(`${this.account(id)}/reset-mfa`, {});
  }

  /** Lifts a lockout after failed sign-ins (ロックを解除). */
  unlock(id: string): Observable<Account> {
    return this.http.post<Account>(`${this.account(id)}/unlock`, {});
  }

  endSessions(id: string): Observable<Account> {
    return this.http.post<Account>(`${this.account(id)}/end-sessions`, {});
  }

  /** The account's live sessions, newest activity first (`current`: the administrator's own). */
  sessions(id: string): Observable<SessionSummary[]> {
    return this.http.get<SessionSummary[]>(`${this.account(id)}/sessions`);
  }

  private account(id: string): string {
    return `/api/admin/accounts/${encodeURIComponent(id)}`;
  }
}

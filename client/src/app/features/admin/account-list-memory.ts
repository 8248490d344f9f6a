import { Injectable, signal } from '@angular/core';
import { Params } from '@angular/router';

/**
 * The account list's last search, filters, order and page (its URL's query), so that an account's
 * 「アカウント管理に戻る」 goes back to the list as the administrator left it.
 */
@Injectable({ providedIn: 'root' })
export class AccountListMemory {
  private readonly params = signal<Params>({});
  readonly queryParams = this.params.asReadonly();

  remember(params: Params): void {
    this.params.set({ ...params });
  }
}

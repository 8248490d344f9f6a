import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { Role } from '../../core/session/session';
import { loadLatest } from '../../shared/load/load';
import { Pager } from '../../shared/pager/pager';
import { pageCountOf, rangeOf } from '../../shared/pager/paging';
import { AccountQuery, AccountSort, AccountState, AdminApi } from './admin-api';
import { formatDate, formatDateTime, mfaLabel, roleLabel, stateLabel } from './admin-labels';
import { AdminNav } from './admin-nav';

const PAGE_SIZE = 50;

interface SortChoice {
  readonly value: string;
  readonly sort: AccountSort;
  readonly order: 'asc' | 'desc';
  readonly label: string;
}

const SORTS: readonly SortChoice[] = [
  {
    value: 'username-asc',
    sort: 'username',
    order: 'asc',
    label: $localize`:@@admin.sort.usernameAsc:ユーザ名 (昇順)`,
  },
  {
    value: 'username-desc',
    sort: 'username',
    order: 'desc',
    label: $localize`:@@admin.sort.usernameDesc:ユーザ名 (降順)`,
  },
  {
    value: 'last-sign-in',
    sort: 'lastSignInAt',
    order: 'desc',
    label: $localize`:@@admin.sort.lastSignInDesc:最終ログイン (新しい順)`,
  },
  {
    value: 'expiry',
    sort: 'expiresOn',
    order: 'asc',
    label: $localize`:@@admin.sort.expiresAsc:有効期限 (近い順)`,
  },
  {
    value: 'created',
    sort: 'createdAt',
    order: 'desc',
    label: $localize`:@@admin.sort.createdDesc:発行日 (新しい順)`,
  },
];

const ROLES: Role[] = ['admin', 'user'];
const STATES: AccountState[] = [
  'active',
  'password_change_pending',
  'locked',
  'disabled',
  'expired',
];

/** 「アカウント管理」: the contract's accounts, searched, filtered, sorted and paged by the server. */
@Component({
  selector: 'app-account-list-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, AdminNav, Pager],
  templateUrl: './account-list-page.html',
})
export class AccountListPage {
  private readonly api = inject(AdminApi);

  protected readonly sorts = SORTS;
  protected readonly roles = ROLES.map((value) => ({ value, label: roleLabel(value) }));
  protected readonly states = STATES.map((value) => ({ value, label: stateLabel(value) }));
  protected readonly roleLabel = roleLabel;
  protected readonly stateLabel = stateLabel;
  protected readonly mfaLabel = mfaLabel;
  protected readonly formatDate = formatDate;
  protected readonly formatDateTime = formatDateTime;

  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    q: this.fb.control(''),
    role: this.fb.control<Role | ''>(''),
    state: this.fb.control<AccountState | ''>(''),
    sort: this.fb.control(SORTS[0].value),
  });

  private readonly query = signal<AccountQuery>({
    q: '',
    role: '',
    state: '',
    sort: 'username',
    order: 'asc',
    page: 1,
    pageSize: PAGE_SIZE,
  });

  protected readonly load = loadLatest(this.query, (query) => this.api.list(query));

  protected readonly page = computed(() => {
    const load = this.load();
    return load.status === 'ready' ? load.value : null;
  });
  protected readonly pageCount = computed(() => pageCountOf(this.page()));
  protected readonly range = computed(() => rangeOf(this.page()));

  protected search(): void {
    const { q, role, state, sort } = this.form.getRawValue();
    const choice = SORTS.find((s) => s.value === sort) ?? SORTS[0];
    this.query.set({
      q: q.trim(),
      role,
      state,
      sort: choice.sort,
      order: choice.order,
      page: 1,
      pageSize: PAGE_SIZE,
    });
  }

  protected goTo(page: number): void {
    this.query.update((query) => ({ ...query, page }));
  }
}

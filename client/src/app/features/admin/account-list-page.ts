import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, ParamMap, Params, Router, RouterLink } from '@angular/router';
import { map } from 'rxjs';
import { Role } from '../../core/session/session';
import { loadLatest } from '../../shared/load/load';
import { FocusOnShow } from '../../shared/focus/focus-on-show';
import { Pager } from '../../shared/pager/pager';
import { pageCountOf, rangeOf } from '../../shared/pager/paging';
import { AccountQuery, AccountSort, AccountState, AdminApi } from './admin-api';
import { formatDate, formatDateTime, mfaLabel, roleLabel, stateLabel } from './admin-labels';
import { AccountListMemory } from './account-list-memory';
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

function isRole(value: string | null): value is Role {
  return ROLES.some((role) => role === value);
}

function isState(value: string | null): value is AccountState {
  return STATES.some((state) => state === value);
}

/** The list's state as the URL holds it (?q=&role=&state=&sort=&page=), unknown values ignored. */
function queryOf(params: ParamMap): { form: FormValue; page: number } {
  const role = params.get('role');
  const state = params.get('state');
  const sort = SORTS.find((s) => s.value === params.get('sort')) ?? SORTS[0];
  const page = Number(params.get('page'));
  return {
    form: {
      q: (params.get('q') ?? '').slice(0, 64),
      role: isRole(role) ? role : '',
      state: isState(state) ? state : '',
      sort: sort.value,
    },
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

interface FormValue {
  readonly q: string;
  readonly role: Role | '';
  readonly state: AccountState | '';
  readonly sort: string;
}

/**
 * 「アカウント管理」: the contract's accounts, searched, filtered, sorted and paged by the server.
 * The search, filters, order and page live in the URL, so the way back from an account (the
 * browser's or the page's own link) finds the list as it was.
 */
@Component({
  selector: 'app-account-list-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FocusOnShow, ReactiveFormsModule, RouterLink, AdminNav, Pager],
  templateUrl: './account-list-page.html',
})
export class AccountListPage {
  private readonly api = inject(AdminApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly memory = inject(AccountListMemory);

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

  private readonly query = toSignal(
    this.route.queryParamMap.pipe(
      map((params): AccountQuery => {
        const { form, page } = queryOf(params);
        this.form.setValue({ ...form });
        this.memory.remember(Object.fromEntries(params.keys.map((key) => [key, params.get(key)])));
        const choice = SORTS.find((s) => s.value === form.sort) ?? SORTS[0];
        return {
          q: form.q.trim(),
          role: form.role,
          state: form.state,
          sort: choice.sort,
          order: choice.order,
          page,
          pageSize: PAGE_SIZE,
        };
      }),
    ),
    { requireSync: true },
  );
  /** Any search, filter or order other than the default one is set. */
  protected readonly filtered = computed(() => {
    const q = this.query();
    return (
      q.q !== '' ||
      q.role !== '' ||
      q.state !== '' ||
      q.sort !== SORTS[0].sort ||
      q.order !== SORTS[0].order
    );
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
    this.shown.set({ page: 1 });
    this.show({
      q: q.trim() || null,
      role: role || null,
      state: state || null,
      sort: sort === SORTS[0].value ? null : sort,
      page: null,
    });
  }

  /** 「条件をクリア」: the whole list again. */
  protected clear(): void {
    this.shown.set({ page: 1 });
    this.show({ q: null, role: null, state: null, sort: null, page: null });
  }

  /**
   * Set by a search and by the pager: the count above the new results then takes focus, in view
   * (on a phone the results are below the filters, out of sight of the button just pressed).
   */
  protected readonly shown = signal<{ readonly page: number } | null>(null);

  protected goTo(page: number): void {
    this.shown.set({ page });
    this.show({ ...this.memory.queryParams(), page: page > 1 ? page : null });
  }

  private show(queryParams: Params): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams });
  }
}

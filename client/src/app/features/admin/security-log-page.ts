import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { activityLabel } from '../../shared/activity-labels/activity-labels';
import { formatDateTime } from '../../shared/date-time/date-time';
import { loadLatest } from '../../shared/load/load';
import { Pager } from '../../shared/pager/pager';
import { pageCountOf, rangeOf } from '../../shared/pager/paging';
import { AdminApi, SecurityLogEvent, SecurityLogQuery } from './admin-api';
import { AdminNav } from './admin-nav';

const PAGE_SIZE = 50;

function kindChoices(): readonly { value: string; label: string }[] {
  return [
    { value: 'sign_in', label: $localize`:@@securityLog.filter.signIn:ログインとログイン失敗` },
    {
      value: 'sign_in.failed',
      label: $localize`:@@securityLog.filter.signInFailed:ログイン失敗のみ`,
    },
    {
      value: 'account',
      label: $localize`:@@securityLog.filter.account:アカウントの変更とロック`,
    },
    { value: 'mfa', label: $localize`:@@securityLog.filter.mfa:多要素認証` },
    { value: 'session', label: $localize`:@@securityLog.filter.session:セッションの終了` },
  ];
}

/** Who acted: a username, or the system / the operator when no account did. */
export function securityLogActor(event: SecurityLogEvent): string {
  if (event.actorUsername) return event.actorUsername;
  switch (event.actorKind) {
    case 'system':
      return $localize`:@@securityLog.actor.system:システム`;
    case 'operator':
      return $localize`:@@securityLog.actor.operator:運用者`;
    default:
      return '-';
  }
}

/** The few details worth a column: counts and what changed. The reason is in the kind's label. */
export function securityLogDetail(event: SecurityLogEvent): string {
  const d = event.detail;
  const parts: string[] = [];
  if (typeof d['failures'] === 'number') {
    parts.push($localize`:@@securityLog.detail.failures:${d['failures']}:count: 回失敗`);
  }
  if (
    'to' in d &&
    (event.kind === 'account.role_changed' || event.kind === 'account.expiry_changed')
  ) {
    const from = typeof d['from'] === 'string' ? d['from'] : '-';
    const to = typeof d['to'] === 'string' ? d['to'] : '-';
    parts.push($localize`:@@securityLog.detail.change:${from}:from: → ${to}:to:`);
  }
  if (typeof d['sessionsEnded'] === 'number' && d['sessionsEnded'] > 0) {
    parts.push(
      $localize`:@@securityLog.detail.sessionsEnded:セッション ${d['sessionsEnded']}:count: 件を終了`,
    );
  }
  return parts.length > 0 ? parts.join(', ') : '-';
}

/** 「セキュリティログ」: the contract's audit events, filtered and paged by the server. */
@Component({
  selector: 'app-security-log-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, AdminNav, Pager],
  templateUrl: './security-log-page.html',
})
export class SecurityLogPage {
  private readonly api = inject(AdminApi);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly kinds = kindChoices();
  protected readonly form = this.fb.group({
    kind: this.fb.control(''),
    username: this.fb.control(''),
    from: this.fb.control(''),
    to: this.fb.control(''),
  });

  private readonly query = signal<SecurityLogQuery>({
    kind: '',
    username: '',
    from: '',
    to: '',
    page: 1,
    pageSize: PAGE_SIZE,
  });

  protected readonly load = loadLatest(this.query, (query) => this.api.securityLog(query));

  protected readonly page = computed(() => {
    const load = this.load();
    return load.status === 'ready' ? load.value : null;
  });
  protected readonly rows = computed(
    () =>
      this.page()?.items.map((event) => ({
        id: event.id,
        occurredAt: event.occurredAt,
        when: formatDateTime(event.occurredAt),
        label: activityLabel(event),
        actor: securityLogActor(event),
        target: event.targetUsername ?? '-',
        ipAddress: event.ipAddress ?? '-',
        detail: securityLogDetail(event),
      })) ?? [],
  );
  protected readonly pageCount = computed(() => pageCountOf(this.page()));
  protected readonly range = computed(() => rangeOf(this.page()));

  protected search(): void {
    const { kind, username, from, to } = this.form.getRawValue();
    this.query.set({ kind, username: username.trim(), from, to, page: 1, pageSize: PAGE_SIZE });
  }

  protected goTo(page: number): void {
    this.query.update((query) => ({ ...query, page }));
  }
}

import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { Role } from '../../core/session/session';
import { BusyButton } from '../../shared/busy/busy-button';
import { ErrorSummary, ErrorSummaryItem } from '../../shared/error-summary/error-summary';
import { FieldError } from '../../shared/field-error/field-error';
import { activityLabel } from '../../shared/activity-labels/activity-labels';
import { formatDateTime } from '../../shared/date-time/date-time';
import { loadLatest } from '../../shared/load/load';
import { FocusOnShow } from '../../shared/focus/focus-on-show';
import { Pager } from '../../shared/pager/pager';
import { pageCountOf, rangeOf } from '../../shared/pager/paging';
import { AdminApi, SecurityLogEvent, SecurityLogQuery } from './admin-api';
import { formatDate, roleLabel } from './admin-labels';
import { AdminNav } from './admin-nav';

const PAGE_SIZE = 50;
/** The server's largest page, for the export. */
const EXPORT_PAGE_SIZE = 100;
/** The export stops here; the filters narrow a larger log. */
const EXPORT_LIMIT = 10_000;

function isRole(value: unknown): value is Role {
  return value === 'user' || value === 'admin';
}

/** A changed value in the page's language: a role's name, a date as the manual writes it. */
function changedValue(kind: string, value: unknown): string {
  if (typeof value !== 'string') return '-';
  if (kind === 'account.role_changed' && isRole(value)) return roleLabel(value);
  if (kind === 'account.expiry_changed') return formatDate(value);
  return value;
}

/** One CSV field, quoted when it must be (RFC 4180); a leading =, +, - or @ cannot start a formula. */
export function csvField(value: string): string {
  const safe = value !== '-' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

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
    { value: 'passkey', label: $localize`:@@securityLog.filter.passkey:パスキー` },
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
    const from = changedValue(event.kind, d['from']);
    const to = changedValue(event.kind, d['to']);
    parts.push($localize`:@@securityLog.detail.change:${from}:from: → ${to}:to:`);
  }
  if (event.kind === 'account.bulk_issued' && typeof d['count'] === 'number') {
    parts.push($localize`:@@securityLog.detail.count:${d['count']}:count: 件`);
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
  imports: [
    ReactiveFormsModule,
    AdminNav,
    Pager,
    BusyButton,
    ErrorSummary,
    FieldError,
    FocusOnShow,
  ],
  templateUrl: './security-log-page.html',
})
export class SecurityLogPage {
  private readonly api = inject(AdminApi);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly document = inject(DOCUMENT);
  /** ?username= from an account's page: its events. */
  private readonly username = (
    inject(ActivatedRoute).snapshot.queryParamMap.get('username') ?? ''
  ).slice(0, 64);

  protected readonly kinds = kindChoices();
  protected readonly form = this.fb.group({
    kind: this.fb.control(''),
    username: this.fb.control(this.username),
    from: this.fb.control(''),
    to: this.fb.control(''),
  });

  private readonly query = signal<SecurityLogQuery>({
    kind: '',
    username: this.username.trim(),
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
        when: formatDateTime(event.occurredAt, { seconds: true }),
        label: activityLabel(event),
        actor: securityLogActor(event),
        target: event.targetUsername ?? '-',
        ipAddress: event.ipAddress ?? '-',
        detail: securityLogDetail(event),
      })) ?? [],
  );
  protected readonly pageCount = computed(() => pageCountOf(this.page()));
  protected readonly range = computed(() => rangeOf(this.page()));

  /** A date range that ends before it starts: said at the field, nothing asked of the server. */
  protected readonly problems = signal<readonly ErrorSummaryItem[]>([]);
  protected readonly toErrors = computed(() =>
    this.problems()
      .filter((p) => p.targetId === 'log-to')
      .map((p) => p.message),
  );
  protected readonly exporting = signal(false);
  protected readonly exportStatus = signal('');

  protected search(): void {
    const { kind, username, from, to } = this.form.getRawValue();
    if (from && to && from > to) {
      this.problems.set([
        {
          targetId: 'log-to',
          message: $localize`:@@securityLog.error.toBeforeFrom:終了日は開始日と同じか、それより後の日付にしてください。`,
        },
      ]);
      return;
    }
    this.problems.set([]);
    this.shown.set({ page: 1 });
    this.query.set({ kind, username: username.trim(), from, to, page: 1, pageSize: PAGE_SIZE });
  }

  /**
   * 「CSV で出力」: every event the shown filters select (up to EXPORT_LIMIT), with the columns
   * and words of the screen, fetched page by page through the same API.
   */
  protected async exportCsv(): Promise<void> {
    if (this.exporting()) return;
    this.exporting.set(true);
    this.exportStatus.set('');
    try {
      const filters = this.query();
      const events: SecurityLogEvent[] = [];
      for (let page = 1; events.length < EXPORT_LIMIT; page++) {
        const answer = await firstValueFrom(
          this.api.securityLog({ ...filters, page, pageSize: EXPORT_PAGE_SIZE }),
        );
        events.push(...answer.items);
        if (answer.items.length < EXPORT_PAGE_SIZE || events.length >= answer.total) break;
      }
      const header = [
        $localize`:@@securityLog.col.time:日時`,
        $localize`:@@securityLog.col.kind:種類`,
        $localize`:@@securityLog.col.actor:操作者`,
        $localize`:@@securityLog.col.target:対象`,
        $localize`:@@securityLog.col.ipAddress:IPアドレス`,
        $localize`:@@securityLog.col.detail:詳細`,
        $localize`:@@securityLog.col.userAgent:ユーザーエージェント`,
      ];
      const rows = events
        .slice(0, EXPORT_LIMIT)
        .map((event) => [
          formatDateTime(event.occurredAt, { seconds: true }),
          activityLabel(event),
          securityLogActor(event),
          event.targetUsername ?? '-',
          event.ipAddress ?? '-',
          securityLogDetail(event),
          event.userAgent ?? '-',
        ]);
      const csv = [header, ...rows].map((line) => line.map(csvField).join(',')).join('\r\n');
      const blob = new Blob(['\uFEFF', csv, '\r\n'], { type: 'text/csv;charset=utf-8' });
      const url = URL.createObjectURL(blob);
      const link = this.document.createElement('a');
      link.href = url;
      link.download = 'security-log.csv';
      this.document.body.append(link);
      link.click();
      link.remove();
      URL.revokeObjectURL(url);
      this.exportStatus.set(
        $localize`:@@securityLog.export.done:${rows.length}:count: 件を CSV で出力しました。`,
      );
    } catch {
      this.exportStatus.set(
        $localize`:@@securityLog.export.failed:CSV を出力できませんでした。時間をおいて再度お試しください。`,
      );
    } finally {
      this.exporting.set(false);
    }
  }

  /**
   * Set by a search and by the pager: the count above the new results then takes focus, in view
   * (on a phone the results are below the filters, out of sight of the button just pressed).
   */
  protected readonly shown = signal<{ readonly page: number } | null>(null);

  protected goTo(page: number): void {
    this.shown.set({ page });
    this.query.update((query) => ({ ...query, page }));
  }
}

import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { catchError, of } from 'rxjs';
import { apiErrorOf } from '../../core/api/api-error';
import { Role } from '../../core/session/session';
import { ErrorSummary, ErrorSummaryItem } from '../../shared/error-summary/error-summary';
import { FocusOnShow } from '../../shared/focus/focus-on-show';
import {
  HoldsUnkeptSecret,
  leaveQuestion,
  warnBeforeUnload,
} from '../../shared/leave-guard/leave-guard';
import { FieldError } from '../../shared/field-error/field-error';
import { AdminApi, IssuedAccount } from './admin-api';
import { formatDate, roleLabel } from './admin-labels';
import { TemporaryPassword } from './temporary-password';
import { BusyButton } from '../../shared/busy/busy-button';

type Field = 'username' | 'role' | 'expiresOn';

const FIELD_IDS: Record<Field, string> = {
  username: 'issue-username',
  role: 'issue-role-user',
  expiresOn: 'issue-expires-on',
};

interface Problem {
  readonly field: Field | null;
  readonly message: string;
}

function isField(value: string): value is Field {
  return value in FIELD_IDS;
}

/** Issue one account; the server generates its temporary password, shown here once. */
@Component({
  selector: 'app-issue-account-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BusyButton,
    FocusOnShow,
    ReactiveFormsModule,
    RouterLink,
    ErrorSummary,
    FieldError,
    TemporaryPassword,
  ],
  templateUrl: './issue-account-page.html',
})
export class IssueAccountPage implements HoldsUnkeptSecret {
  private readonly api = inject(AdminApi);
  private readonly document = inject(DOCUMENT);

  protected readonly ids = FIELD_IDS;
  protected readonly roles: { value: Role; label: string }[] = [
    { value: 'user', label: roleLabel('user') },
    { value: 'admin', label: roleLabel('admin') },
  ];
  protected readonly contract = toSignal(this.api.contract().pipe(catchError(() => of(null))), {
    initialValue: null,
  });
  protected readonly contractEnd = computed(() => {
    const end = this.contract()?.serviceEndsOn ?? null;
    return end === null ? null : formatDate(end);
  });

  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    username: this.fb.control(''),
    role: this.fb.control<Role>('user'),
    expiresOn: this.fb.control(''),
  });

  protected readonly problems = signal<readonly Problem[]>([]);
  protected readonly issued = signal<IssuedAccount | null>(null);
  /** The shown temporary password was copied. */
  protected readonly kept = signal(false);
  readonly unkept = computed(() => this.issued() !== null && !this.kept());
  protected readonly pending = signal(false);

  protected readonly summary = computed<ErrorSummaryItem[]>(() =>
    this.problems().map((p) => ({
      targetId: p.field ? FIELD_IDS[p.field] : undefined,
      message: p.message,
    })),
  );
  protected readonly fieldErrors = computed(() => {
    const of = (field: Field) =>
      this.problems()
        .filter((p) => p.field === field)
        .map((p) => p.message);
    return { username: of('username'), role: of('role'), expiresOn: of('expiresOn') };
  });
  protected readonly formatDate = formatDate;
  protected readonly roleLabel = roleLabel;

  protected submit(): void {
    if (this.pending()) return;
    const { username, role, expiresOn } = this.form.getRawValue();
    if (username.trim() === '') {
      this.problems.set([
        {
          field: 'username',
          message: $localize`:@@admin.issue.usernameRequired:ユーザ名を入力してください。`,
        },
      ]);
      return;
    }
    this.pending.set(true);
    this.api
      .issue({ username: username.trim(), role, expiresOn: expiresOn === '' ? null : expiresOn })
      .subscribe({
        next: (account) => {
          this.pending.set(false);
          this.problems.set([]);
          this.kept.set(false);
          this.issued.set(account);
          this.form.reset();
        },
        error: (error: unknown) => {
          this.pending.set(false);
          const body = apiErrorOf(error);
          const fields = body?.errors ?? [];
          this.problems.set(
            fields.length > 0
              ? fields.map((e) => ({
                  field: isField(e.field) ? e.field : null,
                  message: e.message,
                }))
              : [
                  {
                    field: null,
                    message:
                      body?.message ||
                      $localize`:@@admin.failed:処理できませんでした。時間をおいて再度お試しください。`,
                  },
                ],
          );
        },
      });
  }

  constructor() {
    warnBeforeUnload(this.unkept);
  }

  protected another(): void {
    if (this.unkept() && this.document.defaultView?.confirm(leaveQuestion()) !== true) return;
    this.issued.set(null);
  }
}

import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  afterRenderEffect,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { NgTemplateOutlet } from '@angular/common';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { Observable } from 'rxjs';
import { ApiError, apiErrorOf } from '../../../core/api/api-error';
import { formatDateTime } from '../../../shared/date-time/date-time';
import { ErrorSummary, ErrorSummaryItem } from '../../../shared/error-summary/error-summary';
import { FieldError } from '../../../shared/field-error/field-error';
import { OutcomeNotice } from '../../../shared/outcome-notice/outcome-notice';
import { required } from '../../../shared/forms/validators';
import { ConfirmPasswordField } from '../../../shared/password-confirmation/confirm-password-field';
import { RecentConfirmation } from '../../../shared/password-confirmation/recent-confirmation';
import { ceremonyMessage, refusalMessage, unavailableMessage } from '../passkey-messages';
import { Passkey, PasskeysApi } from '../passkeys-api';

/** The open form: registering, or renaming or deleting one passkey. */
type Editing =
  | { readonly action: 'register' }
  | { readonly action: 'rename'; readonly id: string }
  | { readonly action: 'delete'; readonly id: string };

type Field = 'name' | 'currentPassword';

interface Problem {
  readonly field: Field | null;
  readonly message: string;
}

const IDS: Record<Field, string> = { name: 'passkey-name', currentPassword: 'passkey-password' };

export const NAME_MAX = 64;

function nameRequired(): string {
  return $localize`:@@passkeys.error.nameRequired:パスキーの名前を入力してください。`;
}

function passwordRequired(): string {
  return $localize`:@@passkeys.error.passwordRequired:現在のパスワードを入力してください。`;
}

/** The server's field problems of the form (`name`, `currentPassword`), in the client's words. */
function fieldProblems(error: ApiError | null): Problem[] {
  if (error?.code !== 'VALIDATION_FAILED') return [];
  return error.errors.flatMap(({ field, code, message }): Problem[] => {
    if (field === 'currentPassword') {
      return [
        {
          field,
          message:
            code === 'CURRENT_PASSWORD_INCORRECT'
              ? $localize`:@@passkeys.error.passwordIncorrect:現在のパスワードが正しくありません。`
              : message,
        },
      ];
    }
    if (field === 'name') {
      return [
        {
          field,
          message:
            code === 'TOO_LONG'
              ? $localize`:@@passkeys.error.nameTooLong:パスキーの名前は${NAME_MAX}:max:文字以内で入力してください。`
              : $localize`:@@passkeys.error.nameInvalid:パスキーの名前に使用できない文字が含まれています。`,
        },
      ];
    }
    return [];
  });
}

/**
 * パスキー (管理機能利用設定): the account's passkeys with their creation and last use; register
 * one (named, after the password again), rename one, delete one (after the password again).
 * Every change reloads the list from the server.
 */
@Component({
  selector: 'app-passkeys-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    NgTemplateOutlet,
    RouterLink,
    ReactiveFormsModule,
    ErrorSummary,
    FieldError,
    OutcomeNotice,
    ConfirmPasswordField,
  ],
  templateUrl: './passkeys-page.html',
})
export class PasskeysPage {
  private readonly api = inject(PasskeysApi);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly confirmation = inject(RecentConfirmation);

  protected readonly ids = IDS;
  protected readonly nameMax = NAME_MAX;
  private readonly passkeys = signal<readonly Passkey[] | null>(null);
  protected readonly loadFailed = signal(false);
  protected readonly editing = signal<Editing | null>(null);
  protected readonly status = signal<string | null>(null);
  protected readonly failure = signal<string | null>(null);
  protected readonly problems = signal<readonly Problem[]>([]);
  private readonly pending = signal(false);

  protected readonly form = this.fb.group({
    name: ['', required],
    currentPassword: ['', required],
  });

  protected readonly rows = computed(() =>
    this.passkeys()?.map((passkey) => ({
      ...passkey,
      created: formatDateTime(passkey.createdAt),
      lastUsed: passkey.lastUsedAt ? formatDateTime(passkey.lastUsedAt) : '-',
    })),
  );
  protected readonly summary = computed<ErrorSummaryItem[]>(() =>
    this.problems().map(({ field, message }) => ({
      targetId: field ? IDS[field] : undefined,
      message,
    })),
  );
  protected readonly nameErrors = computed(() => this.messagesFor('name'));
  protected readonly passwordErrors = computed(() => this.messagesFor('currentPassword'));

  private readonly firstField = viewChild<ElementRef<HTMLElement>>('firstField');

  constructor() {
    this.load();
    this.confirmation.refresh();
    afterRenderEffect(() => {
      if (this.editing()) {
        const host = this.firstField()?.nativeElement;
        // The password held from a step a moment ago leaves the button to press.
        (host?.matches('input')
          ? host
          : (host?.querySelector('input') ??
            host?.closest('form')?.querySelector<HTMLElement>('button[type="submit"]'))
        )?.focus();
      }
    });
  }

  protected isEditing(action: Editing['action'], id?: string): boolean {
    const editing = this.editing();
    if (!editing || editing.action !== action) return false;
    return editing.action === 'register' || editing.id === id;
  }

  protected open(editing: Editing, name = ''): void {
    this.status.set(null);
    this.failure.set(null);
    this.problems.set([]);
    this.form.reset({ name, currentPassword: '' });
    this.editing.set(editing);
  }

  protected cancel(): void {
    this.problems.set([]);
    this.form.reset();
    this.editing.set(null);
  }

  protected register(): void {
    if (!this.checkFields(['name', 'currentPassword'])) return;
    const { name, currentPassword } = this.form.getRawValue();
    this.run(
      this.api.register(name.trim(), currentPassword),
      $localize`:@@passkeys.status.registered:パスキーを登録しました。`,
    );
  }

  protected rename(id: string): void {
    if (!this.checkFields(['name'])) return;
    this.run(
      this.api.rename(id, this.form.controls.name.value.trim()),
      $localize`:@@passkeys.status.renamed:パスキーの名前を変更しました。`,
    );
  }

  protected remove(id: string): void {
    if (!this.checkFields(['currentPassword'])) return;
    this.run(
      this.api.remove(id, this.form.controls.currentPassword.value),
      $localize`:@@passkeys.status.deleted:パスキーを削除しました。`,
    );
  }

  private checkFields(fields: Field[]): boolean {
    if (this.pending()) return false;
    const missing: Problem[] = [];
    if (fields.includes('name') && this.form.controls.name.value.trim() === '') {
      missing.push({ field: 'name', message: nameRequired() });
    }
    if (
      fields.includes('currentPassword') &&
      this.form.controls.currentPassword.value === '' &&
      !this.confirmation.active()
    ) {
      missing.push({ field: 'currentPassword', message: passwordRequired() });
    }
    this.problems.set(missing);
    return missing.length === 0;
  }

  /** A refused field keeps the form open with its errors; any other outcome closes it. */
  private run(call: Observable<unknown>, done: string): void {
    this.pending.set(true);
    call.subscribe({
      next: () => {
        this.pending.set(false);
        this.confirmation.refresh();
        this.cancel();
        this.status.set(done);
        this.load();
      },
      error: (error: unknown) => {
        this.pending.set(false);
        const apiError = apiErrorOf(error);
        const fields = fieldProblems(apiError);
        if (fields.length > 0) {
          if (fields.some((problem) => problem.field === 'currentPassword')) {
            this.confirmation.lapse();
          }
          this.form.controls.currentPassword.reset();
          this.problems.set(fields);
          return;
        }
        const message = ceremonyMessage(error) ?? refusalMessage(apiError);
        this.cancel();
        this.failure.set(message ?? unavailableMessage());
        this.load();
      },
    });
  }

  private messagesFor(field: Field): string[] {
    return this.problems()
      .filter((problem) => problem.field === field)
      .map((problem) => problem.message);
  }

  private load(): void {
    this.api.list().subscribe({
      next: (passkeys) => {
        this.loadFailed.set(false);
        this.passkeys.set(passkeys);
      },
      error: () => this.loadFailed.set(true),
    });
  }
}

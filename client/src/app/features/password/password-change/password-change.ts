import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  output,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { catchError, of } from 'rxjs';
import { apiErrorOf } from '../../../core/api/api-error';
import { Session } from '../../../core/session/session';
import { SessionStore } from '../../../core/session/session-store';
import { ErrorSummary, ErrorSummaryItem } from '../../../shared/error-summary/error-summary';
import { PasswordField } from '../../../shared/password-field/password-field';
import { fallbackPolicySummary } from '../../../shared/policy-checklist/password-policy';
import { PolicyChecklist } from '../../../shared/policy-checklist/policy-checklist';
import { PasswordApi } from '../password-api';
import {
  PasswordFormField,
  PasswordProblem,
  createPasswordForm,
  formProblems,
  remainingProblems,
  serverProblems,
} from '../password-form';
import { problemMessage } from '../password-messages';
import { BusyButton } from '../../../shared/busy/busy-button';

const FIELD_IDS: Record<PasswordFormField, string> = {
  currentPassword: 'current-password',
  newPassword: 'new-password',
  newPasswordConfirmation: 'new-password-confirmation',
};

/**
 * The password change form shared by the forced and the voluntary change. Client-side problems
 * stop the submit; the server decides the rest, and its answer updates the session.
 */
@Component({
  selector: 'app-password-change',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BusyButton, ReactiveFormsModule, ErrorSummary, PasswordField, PolicyChecklist],
  templateUrl: './password-change.html',
})
export class PasswordChange {
  private readonly api = inject(PasswordApi);
  private readonly store = inject(SessionStore);

  /** Every press of 「変更」, before it is checked. */
  readonly submitted = output<void>();
  /** The server accepted the new password; the session is already updated. */
  readonly changed = output<Session>();

  protected readonly ids = FIELD_IDS;
  protected readonly policySummaryId = 'password-policy-summary';
  protected readonly username = computed(() => this.store.session()?.username ?? '');
  protected readonly policy = toSignal(this.api.policy().pipe(catchError(() => of(null))), {
    initialValue: null,
  });
  protected readonly rules = computed(() => this.policy()?.rules ?? []);
  protected readonly policySummary = computed(
    () => this.policy()?.summary || fallbackPolicySummary(),
  );

  protected readonly form = createPasswordForm(inject(NonNullableFormBuilder), {
    rules: this.rules,
    username: this.username,
  });

  private readonly currentPassword = toSignal(this.form.controls.currentPassword.valueChanges, {
    initialValue: '',
  });
  private readonly newPassword = toSignal(this.form.controls.newPassword.valueChanges, {
    initialValue: '',
  });
  protected readonly candidate = computed(() => ({
    password: this.newPassword(),
    username: this.username(),
    currentPassword: this.currentPassword(),
  }));

  protected readonly problems = signal<readonly PasswordProblem[]>([]);
  protected readonly pending = signal(false);
  /** What was sent with the last submit: a server refusal stands while its field still says it. */
  private submittedValues = this.form.getRawValue();

  constructor() {
    this.form.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => {
      const problems = this.problems();
      if (problems.length === 0) return;
      const remaining = remainingProblems(problems, this.form, this.submittedValues);
      if (remaining.length !== problems.length) this.problems.set(remaining);
    });
  }

  protected readonly summary = computed<ErrorSummaryItem[]>(() =>
    this.problems().map((problem) => ({
      targetId: problem.field ? FIELD_IDS[problem.field] : undefined,
      message: problemMessage(problem, this.rules()),
    })),
  );
  protected readonly serverRuleFailures = computed(() =>
    this.problems()
      .filter((problem) => problem.field === 'newPassword' && problem.serverMessage !== undefined)
      .map((problem) => problem.code),
  );

  protected readonly fieldErrors = computed(() => {
    const messages = (field: PasswordFormField): string[] =>
      this.problems()
        .filter((problem) => problem.field === field)
        .map((problem) => problemMessage(problem, this.rules()));
    return {
      currentPassword: messages('currentPassword'),
      newPassword: messages('newPassword'),
      newPasswordConfirmation: messages('newPasswordConfirmation'),
    } satisfies Record<PasswordFormField, string[]>;
  });

  protected submit(): void {
    if (this.pending()) return;
    this.submitted.emit();
    // The policy may have arrived after the last keystroke; check against what is known now.
    this.form.updateValueAndValidity();
    this.submittedValues = this.form.getRawValue();
    const problems = formProblems(this.form);
    this.problems.set(problems);
    if (problems.length > 0) return;

    this.pending.set(true);
    this.api.change(this.form.getRawValue()).subscribe({
      next: (session) => {
        this.pending.set(false);
        this.store.set(session);
        this.form.reset();
        this.changed.emit(session);
      },
      error: (error: unknown) => {
        this.pending.set(false);
        this.problems.set(serverProblems(apiErrorOf(error)));
      },
    });
  }
}

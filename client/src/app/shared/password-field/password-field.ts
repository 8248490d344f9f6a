import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroupDirective, ReactiveFormsModule } from '@angular/forms';
import { FieldError } from '../field-error/field-error';

/**
 * A password input with its label, hint, errors and show/hide button (the GOV.UK password input).
 * The button names its action and the field ("Show current password"), points at the input with
 * aria-controls, and a polite status says what changed. The password is hidden again on submit
 * so that browsers never store it as plain text.
 */
@Component({
  selector: 'app-password-field',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, FieldError],
  templateUrl: './password-field.html',
})
export class PasswordField {
  readonly fieldId = input.required<string>();
  readonly label = input.required<string>();
  readonly control = input.required<FormControl<string>>();
  readonly autocomplete = input.required<'current-password' | 'new-password'>();
  readonly errors = input<readonly string[]>([]);
  /** Ids of hints outside this component that describe the input. */
  readonly describedBy = input<string>('');

  protected readonly visible = signal(false);
  private readonly toggled = signal(false);

  protected readonly errorId = computed(() => `${this.fieldId()}-error`);
  protected readonly ariaDescribedBy = computed(() => {
    const ids = [this.describedBy(), this.errors().length > 0 ? this.errorId() : ''];
    return ids.filter((id) => id !== '').join(' ') || null;
  });
  protected readonly toggleName = computed(() =>
    this.visible()
      ? $localize`:@@passwordField.hideName:${this.label()}:label:を非表示`
      : $localize`:@@passwordField.showName:${this.label()}:label:を表示`,
  );
  protected readonly status = computed(() => {
    if (!this.toggled()) return '';
    return this.visible()
      ? $localize`:@@passwordField.shownStatus:${this.label()}:label:を表示しています。`
      : $localize`:@@passwordField.hiddenStatus:${this.label()}:label:を非表示にしています。`;
  });

  constructor() {
    inject(FormGroupDirective, { optional: true })
      ?.ngSubmit.pipe(takeUntilDestroyed())
      .subscribe(() => this.visible.set(false));
  }

  protected toggle(): void {
    this.toggled.set(true);
    this.visible.update((visible) => !visible);
  }
}

import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { FormControl } from '@angular/forms';
import { PasswordField } from '../password-field/password-field';
import { RecentConfirmation } from './recent-confirmation';

/**
 * The current password asked again before a step, with its hint; while this session confirmed it
 * a few minutes ago (RecentConfirmation), a line saying so instead, and the step goes without it.
 * A problem with the password (the window ended meanwhile, a wrong one) brings the field back.
 */
@Component({
  selector: 'app-confirm-password',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [PasswordField],
  template: `
    @if (held()) {
      <p class="confirm__hint confirmed-note" i18n="@@confirmPassword.held">
        パスワードは確認済みです。続けて行う操作では、数分間は入力を省略できます。
      </p>
    } @else {
      @if (hint(); as text) {
        <p class="confirm__hint" [id]="fieldId() + '-hint'">{{ text }}</p>
      }
      <app-password-field
        [fieldId]="fieldId()"
        [label]="label()"
        [control]="control()"
        autocomplete="current-password"
        [describedBy]="hint() ? fieldId() + '-hint' : ''"
        [errors]="errors()"
      />
    }
  `,
})
export class ConfirmPasswordField {
  private readonly confirmation = inject(RecentConfirmation);

  readonly fieldId = input.required<string>();
  readonly label = input.required<string>();
  readonly control = input.required<FormControl<string>>();
  readonly errors = input<readonly string[]>([]);
  /** What the field is for, above it (e.g. 「続行するには現在のパスワードを入力してください。」). */
  readonly hint = input('');

  protected held(): boolean {
    return this.confirmation.active() && this.errors().length === 0;
  }
}

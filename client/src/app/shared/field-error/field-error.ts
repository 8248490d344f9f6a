import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** The message(s) under a field's label; its id goes into the field's aria-describedby. */
@Component({
  selector: 'app-field-error',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="field__error" [id]="errorId()">
      @for (message of messages(); track $index) {
        <p>
          <span class="visually-hidden" i18n="@@fieldError.prefix">エラー:</span>
          {{ message }}
        </p>
      }
    </div>
  `,
})
export class FieldError {
  readonly errorId = input.required<string>();
  readonly messages = input.required<readonly string[]>();
}

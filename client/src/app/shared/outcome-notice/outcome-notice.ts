import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FocusOnShow } from '../focus/focus-on-show';

/**
 * The outcome of the last action on a page: a success (`status`, announced politely) or a failure
 * (`failure`, an alert), scrolled into view and focused as it appears, since the button that was
 * pressed has often gone with the form it belonged to. Nothing shows while both are null.
 */
@Component({
  selector: 'app-outcome-notice',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FocusOnShow],
  template: `
    @if (status(); as message) {
      <div class="notice notice--success" role="status" [appFocusOnShow]="message">
        <p>{{ message }}</p>
      </div>
    } @else if (failure(); as message) {
      <div class="notice notice--error" role="alert" [appFocusOnShow]="message">
        <p>{{ message }}</p>
      </div>
    }
  `,
})
export class OutcomeNotice {
  readonly status = input<string | null>(null);
  readonly failure = input<string | null>(null);
}

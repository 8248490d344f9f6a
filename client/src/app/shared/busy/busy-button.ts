import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * A submit button that shows the wait for the server: a spinner, "処理しています" for screen readers
 * and `aria-disabled` while `busy`. It stays enabled (the house style: buttons are never disabled,
 * so focus stays on it), but a press while busy does nothing: the click is cancelled before the
 * form's submit, so a double click never sends twice.
 */
@Component({
  selector: 'button[appBusy]',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    '[class.button--busy]': 'appBusy()',
    '[attr.aria-disabled]': 'appBusy() ? "true" : null',
    '(click)': 'onClick($event)',
  },
  template: `
    @if (appBusy()) {
      <span class="spinner" aria-hidden="true"></span>
    }
    <ng-content />
    @if (appBusy()) {
      <span class="visually-hidden" i18n="@@busy.label">(処理しています)</span>
    }
  `,
})
export class BusyButton {
  readonly appBusy = input(false);

  protected onClick(event: Event): void {
    if (!this.appBusy()) return;
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}

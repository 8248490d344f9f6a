import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';

/**
 * The 前へ / n / m ページ / 次へ pager under the admin tables. It sits on the page's `<nav>`; the
 * page shows it only when there is more than one page and loads the page it asks for.
 */
@Component({
  selector: 'nav[app-pager]',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'pager', '[attr.aria-label]': 'label' },
  template: `
    <button
      type="button"
      class="button button--secondary"
      [disabled]="page() <= 1"
      (click)="pageChange.emit(page() - 1)"
      i18n="@@admin.pager.previous"
    >
      前へ
    </button>
    <span i18n="@@admin.pager.position">{{ page() }} / {{ pageCount() }} ページ</span>
    <button
      type="button"
      class="button button--secondary"
      [disabled]="page() >= pageCount()"
      (click)="pageChange.emit(page() + 1)"
      i18n="@@admin.pager.next"
    >
      次へ
    </button>
  `,
})
export class Pager {
  readonly page = input.required<number>();
  readonly pageCount = input.required<number>();
  /** The page to go to. */
  readonly pageChange = output<number>();

  protected readonly label = $localize`:@@admin.pager.label:ページ送り`;
}

import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * A card link of the top and settings menus: an optional icon (a projected `svg`), the heading,
 * an optional description (the rest of the content) and an arrow that screen readers skip.
 * It sits on the `<a>` itself so that `routerLink` and the list markup stay the page's own.
 */
@Component({
  selector: 'a[app-menu-card]',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'menu-card' },
  template: `
    <ng-content select="svg" />
    <span class="menu-card__body">
      <span class="menu-card__title">{{ heading() }}</span>
      <ng-content />
    </span>
    <span class="menu-card__arrow" aria-hidden="true">›</span>
  `,
})
export class MenuCard {
  readonly heading = input.required<string>();
}

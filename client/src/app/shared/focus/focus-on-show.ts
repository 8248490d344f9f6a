import { Directive, ElementRef, afterRenderEffect, inject, input } from '@angular/core';

/**
 * Moves focus to the element and scrolls it into view when it appears, and again each time its
 * value changes: the result of an action (a notice, a one-time password, the next page) is where
 * the user is looking and what a screen reader reads next, and focus never falls back to the
 * page's body when the button that was pressed goes away. A falsy value does nothing, so a page
 * can show the element on load without taking focus.
 */
@Directive({
  selector: '[appFocusOnShow]',
  host: { tabindex: '-1', class: 'focus-target' },
})
export class FocusOnShow {
  /** Focus when this becomes truthy or changes; give a new object to focus again. */
  readonly appFocusOnShow = input<unknown>(true);

  private readonly element = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;

  constructor() {
    afterRenderEffect(() => {
      if (!this.appFocusOnShow()) return;
      this.element.focus({ preventScroll: true });
      // 'start' leaves what follows the notice (the temporary password) below it in view.
      this.element.scrollIntoView?.({ block: 'start' });
    });
  }
}

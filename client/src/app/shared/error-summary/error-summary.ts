import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  afterRenderEffect,
  inject,
  input,
  viewChild,
} from '@angular/core';
import { DOCUMENT } from '@angular/common';

/** One line of the summary; `targetId` is the field it links to, if it belongs to one. */
export interface ErrorSummaryItem {
  readonly targetId?: string;
  readonly message: string;
}

/**
 * The error summary at the top of a form (GOV.UK / Digital Agency pattern): announced and focused
 * when a submit fails, each entry a link that moves focus to its field.
 */
@Component({
  selector: 'app-error-summary',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './error-summary.html',
})
export class ErrorSummary {
  private readonly document = inject(DOCUMENT);

  readonly items = input.required<readonly ErrorSummaryItem[]>();

  private readonly box = viewChild<ElementRef<HTMLElement>>('box');

  private shown: readonly ErrorSummaryItem[] = [];

  constructor() {
    // Every failed submit sets a new list, so focus returns to the summary each time; a list that
    // only lost entries (the user is correcting the fields) leaves focus where the user types.
    afterRenderEffect(() => {
      const items = this.items();
      const corrected = items.length < this.shown.length && items.every((i) => this.had(i));
      this.shown = items;
      if (items.length > 0 && !corrected) this.box()?.nativeElement.focus();
    });
  }

  private had(item: ErrorSummaryItem): boolean {
    return this.shown.some((s) => s.message === item.message && s.targetId === item.targetId);
  }

  protected focusField(event: Event, targetId: string): void {
    const field = this.document.getElementById(targetId);
    if (!field) return;
    // The page has <base href="/">, so following "#id" would leave the route.
    event.preventDefault();
    field.focus();
    field.scrollIntoView?.({ block: 'center' });
  }
}

import { DOCUMENT } from '@angular/common';
import { DestroyRef, Signal, effect, inject } from '@angular/core';
import { CanDeactivateFn } from '@angular/router';

/** A page showing something once (a temporary password, an account list) that is not yet kept. */
export interface HoldsUnkeptSecret {
  /** True while leaving would lose what the page shows only once. */
  readonly unkept: Signal<boolean>;
}

export function leaveQuestion(): string {
  return $localize`:@@leave.question:仮パスワードをまだコピーまたはダウンロードしていません。この画面を離れると、もう表示できません。離れますか?`;
}

/**
 * Asks before a route change leaves a page whose one-time result was neither copied nor
 * downloaded; the browser's own question covers reloads and closing the tab.
 */
export const confirmLeavingUnkept: CanDeactivateFn<HoldsUnkeptSecret> = (page) =>
  !page.unkept() || inject(DOCUMENT).defaultView?.confirm(leaveQuestion()) === true;

/** The browser's question on reload or close while `unkept` holds (its wording is the browser's). */
export function warnBeforeUnload(unkept: Signal<boolean>): void {
  const window = inject(DOCUMENT).defaultView;
  if (!window) return;
  const onBeforeUnload = (event: BeforeUnloadEvent): void => {
    if (unkept()) event.preventDefault();
  };
  effect((onCleanup) => {
    if (!unkept()) return;
    window.addEventListener('beforeunload', onBeforeUnload);
    onCleanup(() => window.removeEventListener('beforeunload', onBeforeUnload));
  });
  inject(DestroyRef).onDestroy(() => window.removeEventListener('beforeunload', onBeforeUnload));
}

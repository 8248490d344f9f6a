import {
  ChangeDetectionStrategy,
  Component,
  Injector,
  afterNextRender,
  inject,
} from '@angular/core';
import { DOCUMENT } from '@angular/common';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router, RouterOutlet } from '@angular/router';
import { filter, pairwise } from 'rxjs';
import { withoutOneTimeStates } from './core/auth/return-url';

@Component({
  selector: 'app-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet],
  template: '<router-outlet />',
})
export class App {
  constructor() {
    const document = inject(DOCUMENT);
    const injector = inject(Injector);
    const router = inject(Router);
    // The page has read its navigation's notice (router.lastSuccessfulNavigation keeps it): the
    // history entry forgets it, so that a reload does not say it again.
    router.events
      .pipe(
        filter((event) => event instanceof NavigationEnd),
        takeUntilDestroyed(),
      )
      .subscribe(() => {
        const history = document.defaultView?.history;
        const kept = withoutOneTimeStates(history?.state);
        if (history && kept) history.replaceState(kept, '');
      });
    // A new screen without a page load: move focus to its heading so screen readers start there,
    // or to what the screen says first about the step just finished (data-arrival-focus). A new
    // query on the same screen (the account list's search and pages) is not a new screen: the
    // focus stays with the user's control, or the page moves it to its results.
    const pathOf = (url: string): string => url.split(/[?#]/)[0];
    router.events
      .pipe(
        filter((event) => event instanceof NavigationEnd),
        pairwise(),
        filter(
          ([before, after]) => pathOf(before.urlAfterRedirects) !== pathOf(after.urlAfterRedirects),
        ),
        takeUntilDestroyed(),
      )
      .subscribe(() =>
        afterNextRender(
          () =>
            (
              document.querySelector<HTMLElement>('[data-arrival-focus]') ??
              document.querySelector<HTMLElement>('h1[tabindex]')
            )?.focus(),
          { injector },
        ),
      );
  }
}

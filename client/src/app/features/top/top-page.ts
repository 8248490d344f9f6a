import { ChangeDetectionStrategy, Component, PLATFORM_ID, computed, inject } from '@angular/core';
import { isPlatformServer } from '@angular/common';
import { RouterLink } from '@angular/router';
import { SessionStore } from '../../core/session/session-store';
import { MenuCard } from '../../shared/menu-card/menu-card';

/** The menu after signing in: one card per management function. */
@Component({
  selector: 'app-top-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MenuCard],
  templateUrl: './top-page.html',
})
export class TopPage {
  private readonly store = inject(SessionStore);

  /**
   * Prerendered at build time for whoever is signed in (app.routes.server.ts): the card is in the
   * HTML, marked `data-admin-only` for the server to hide from anyone else (server/web-client).
   */
  protected readonly prerendering = isPlatformServer(inject(PLATFORM_ID));
  /** Account administration is offered to account administrators only. */
  protected readonly isAdmin = computed(() => this.store.session()?.role === 'admin');
}

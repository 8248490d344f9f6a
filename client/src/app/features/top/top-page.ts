import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
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

  /** Account administration is offered to account administrators only. */
  protected readonly isAdmin = computed(() => this.store.session()?.role === 'admin');
}

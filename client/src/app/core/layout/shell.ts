import { ChangeDetectionStrategy, Component, PLATFORM_ID, computed, inject } from '@angular/core';
import { DOCUMENT, isPlatformServer } from '@angular/common';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { LanguageSwitch } from '../../shared/language-switch/language-switch';
import { PASSWORD_CHANGED_STATE, RECOVERY_CODES_LEFT_STATE } from '../auth/return-url';
import { IdleWarning } from './idle-warning';
import { FormDrafts } from '../session/form-drafts';
import { FocusOnShow } from '../../shared/focus/focus-on-show';
import { Role } from '../session/session';
import { SessionStore } from '../session/session-store';

/** "2027-03-31" → "2027/03/31", the manual's format, read the same way in both languages. */
export function formatExpiry(isoDate: string): string {
  return isoDate.replaceAll('-', '/');
}

const ROLES: readonly Role[] = ['user', 'admin'];

function roleLabel(role: Role): string {
  switch (role) {
    case 'user':
      return $localize`:@@role.user:一般ユーザ`;
    case 'admin':
      return $localize`:@@role.admin:アカウント管理者`;
  }
}

/** The frame of every signed-in page: header with the account, navigation, main content. */
@Component({
  selector: 'app-shell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive, LanguageSwitch, IdleWarning, FocusOnShow],
  templateUrl: './shell.html',
})
export class Shell {
  private readonly store = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly document = inject(DOCUMENT);
  private readonly drafts = inject(FormDrafts);

  /**
   * Rendering the top page at build time (app.routes.server.ts), for whoever is signed in: the
   * menu is shown, the account administrator's entries too, marked `data-admin-only` so that the
   * server hides them from anyone else (server/web-client); the browser then renders them for
   * administrators only.
   */
  protected readonly prerendering = isPlatformServer(inject(PLATFORM_ID));
  /** Every role's label, the room the shown one keeps (invisible, skipped by screen readers). */
  protected readonly roleLabels = ROLES.map(roleLabel);

  /** What was typed before the last sign-out, just put back on this page. */
  protected readonly restoredDraft = this.drafts.restored;

  constructor() {
    this.drafts.watch();
  }

  /** While the password is temporary only the forced change is reachable, so no menu. */
  protected readonly showNavigation = computed(
    () => this.prerendering || (this.store.signedIn() && !this.store.passwordChangeRequired()),
  );
  /** Just arrived from the forced password change: the first page says it worked. */
  protected readonly passwordChanged = computed(
    () => this.router.lastSuccessfulNavigation()?.extras.state?.[PASSWORD_CHANGED_STATE] === true,
  );
  /** Just signed in with a recovery code: how many are left, if the server said. */
  protected readonly recoveryCodesLeft = computed(() => {
    const left: unknown =
      this.router.lastSuccessfulNavigation()?.extras.state?.[RECOVERY_CODES_LEFT_STATE];
    return typeof left === 'number' ? left : null;
  });
  /** Account administration is in the menu for account administrators only. */
  protected readonly isAdmin = computed(() => this.store.session()?.role === 'admin');
  protected readonly expiresOn = computed(() => this.store.session()?.expiresOn ?? null);
  protected readonly expiry = computed(() => {
    const expiresOn = this.expiresOn();
    return expiresOn === null ? '-' : formatExpiry(expiresOn);
  });
  protected readonly role = computed(() => {
    const session = this.store.session();
    return session ? roleLabel(session.role) : '';
  });

  protected skipToMain(event: Event): void {
    // The page has <base href="/">, so following "#main" would leave the route.
    event.preventDefault();
    this.document.getElementById('main')?.focus();
  }

  protected async logout(): Promise<void> {
    await this.store.signOut();
    await this.router.navigateByUrl('/login');
  }
}

import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';

/** The admin area's own pages: the account list, the security log and the applications. */
@Component({
  selector: 'app-admin-nav',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, RouterLinkActive],
  template: `
    <nav class="admin-nav" aria-label="アカウント管理" i18n-aria-label="@@admin.nav.label">
      <a
        routerLink="/admin"
        routerLinkActive="admin-nav__link--current"
        [routerLinkActiveOptions]="{ exact: true }"
        ariaCurrentWhenActive="page"
        class="admin-nav__link"
        i18n="@@admin.nav.accounts"
        >アカウント一覧</a
      >
      <a
        routerLink="/admin/audit"
        routerLinkActive="admin-nav__link--current"
        ariaCurrentWhenActive="page"
        class="admin-nav__link"
        i18n="@@admin.nav.securityLog"
        >セキュリティログ</a
      >
      <a
        routerLink="/admin/apps"
        routerLinkActive="admin-nav__link--current"
        ariaCurrentWhenActive="page"
        class="admin-nav__link"
        i18n="@@admin.nav.apps"
        >アプリケーション</a
      >
    </nav>
  `,
  styles: `
    .admin-nav {
      display: flex;
      flex-wrap: wrap;
      gap: var(--space-4);
      margin-bottom: var(--space-4);
      border-bottom: 1px solid var(--color-border);
    }
    .admin-nav__link {
      padding: var(--space-2) 0;
      border-bottom: 3px solid transparent;
    }
    .admin-nav__link--current {
      border-bottom-color: currentColor;
      font-weight: 700;
      text-decoration: none;
    }
  `,
})
export class AdminNav {}

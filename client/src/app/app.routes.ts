import { Routes } from '@angular/router';
import { adminGuard } from './core/guards/admin-guard';
import { authGuard } from './core/guards/auth-guard';
import { guestGuard } from './core/guards/guest-guard';
import { mfaRequiredGuard } from './core/guards/mfa-required-guard';
import { passwordChangeRequiredGuard } from './core/guards/password-change-required-guard';
import { sessionAliveGuard } from './core/guards/session-alive-guard';
import { Shell } from './core/layout/shell';

export const routes: Routes = [
  {
    path: 'login',
    canActivate: [guestGuard],
    title: $localize`:@@title.login:ログイン`,
    loadComponent: () => import('./features/login/login-page').then((m) => m.LoginPage),
  },
  {
    path: 'login/mfa',
    canActivate: [mfaRequiredGuard],
    title: $localize`:@@title.mfaSignIn:多要素認証`,
    data: { factor: 'code' },
    loadComponent: () =>
      import('./features/mfa/mfa-sign-in-page/mfa-sign-in-page').then((m) => m.MfaSignInPage),
  },
  {
    path: 'login/mfa/recovery',
    canActivate: [mfaRequiredGuard],
    title: $localize`:@@title.mfaRecovery:リカバリーコードでログイン`,
    data: { factor: 'recovery' },
    loadComponent: () =>
      import('./features/mfa/mfa-sign-in-page/mfa-sign-in-page').then((m) => m.MfaSignInPage),
  },
  {
    path: '',
    component: Shell,
    children: [
      {
        path: 'password/required',
        canActivate: [passwordChangeRequiredGuard],
        title: $localize`:@@title.passwordRequired:パスワード変更`,
        loadComponent: () =>
          import('./features/password/password-required-page/password-required-page').then(
            (m) => m.PasswordRequiredPage,
          ),
      },
      {
        path: '',
        canActivateChild: [authGuard, sessionAliveGuard],
        children: [
          {
            path: '',
            pathMatch: 'full',
            title: $localize`:@@title.top:トップ`,
            loadComponent: () => import('./features/top/top-page').then((m) => m.TopPage),
          },
          {
            path: 'settings',
            title: $localize`:@@title.settings:管理機能利用設定`,
            loadComponent: () =>
              import('./features/settings/settings-page').then((m) => m.SettingsPage),
          },
          {
            path: 'settings/mfa',
            title: $localize`:@@title.mfa:多要素認証`,
            loadComponent: () =>
              import('./features/mfa/mfa-settings-page/mfa-settings-page').then(
                (m) => m.MfaSettingsPage,
              ),
          },
          {
            path: 'settings/passkeys',
            title: $localize`:@@title.passkeys:パスキー`,
            loadComponent: () =>
              import('./features/passkeys/passkeys-page/passkeys-page').then((m) => m.PasskeysPage),
          },
          {
            path: 'admin',
            canActivate: [adminGuard],
            loadChildren: () => import('./features/admin/admin.routes').then((m) => m.ADMIN_ROUTES),
          },
          {
            path: 'settings/sessions',
            title: $localize`:@@title.sessions:ログイン中のセッション`,
            loadComponent: () =>
              import('./features/settings/sessions/sessions-page').then((m) => m.SessionsPage),
          },
          {
            path: 'settings/activity',
            title: $localize`:@@title.activity:最近のアクティビティ`,
            loadComponent: () =>
              import('./features/settings/activity/activity-page').then((m) => m.ActivityPage),
          },
          {
            path: 'connect/continue/:uid',
            title: $localize`:@@title.oidcContinue:アプリケーションに戻ります`,
            loadComponent: () =>
              import('./features/oidc/oidc-continue-page').then((m) => m.OidcContinuePage),
          },
          {
            path: 'connect/consent/:uid',
            title: $localize`:@@title.oidcConsent:アプリケーションの許可`,
            loadComponent: () =>
              import('./features/oidc/oidc-consent-page').then((m) => m.OidcConsentPage),
          },
          {
            path: 'password',
            title: $localize`:@@title.password:パスワード変更`,
            loadComponent: () =>
              import('./features/password/password-page/password-page').then((m) => m.PasswordPage),
          },
        ],
      },
    ],
  },
  { path: '**', redirectTo: '' },
];

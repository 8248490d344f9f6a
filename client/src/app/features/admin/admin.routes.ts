import { Routes } from '@angular/router';
import { confirmLeavingUnkept } from '../../shared/leave-guard/leave-guard';

/** The admin area, loaded only when an administrator opens it (app.routes.ts guards it). */
export const ADMIN_ROUTES: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: $localize`:@@title.admin:アカウント管理`,
    loadComponent: () => import('./account-list-page').then((m) => m.AccountListPage),
  },
  {
    path: 'audit',
    title: $localize`:@@title.adminSecurityLog:セキュリティログ`,
    loadComponent: () => import('./security-log-page').then((m) => m.SecurityLogPage),
  },
  {
    path: 'apps',
    title: $localize`:@@title.adminApps:アプリケーション`,
    loadComponent: () => import('./apps-page').then((m) => m.AppsPage),
  },
  {
    path: 'accounts/new',
    title: $localize`:@@title.adminIssue:アカウントを発行`,
    canDeactivate: [confirmLeavingUnkept],
    loadComponent: () => import('./issue-account-page').then((m) => m.IssueAccountPage),
  },
  {
    path: 'accounts/bulk',
    title: $localize`:@@title.adminBulk:CSV で一括発行`,
    canDeactivate: [confirmLeavingUnkept],
    loadComponent: () => import('./bulk-issue-page').then((m) => m.BulkIssuePage),
  },
  {
    path: 'accounts/:id',
    title: $localize`:@@title.adminAccount:アカウント`,
    canDeactivate: [confirmLeavingUnkept],
    loadComponent: () => import('./account-detail-page').then((m) => m.AccountDetailPage),
  },
];

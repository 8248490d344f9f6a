import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { SessionStore } from '../session/session-store';

/**
 * The admin area, for account administrators only; anyone else goes to the top page. It runs
 * inside the signed-in routes (authGuard first), and the server refuses the API calls regardless.
 */
export const adminGuard: CanActivateFn = () => {
  const store = inject(SessionStore);
  if (store.session()?.role === 'admin') return true;
  return inject(Router).parseUrl('/');
};

import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { SessionStore } from '../session/session-store';

/**
 * Signed-in pages: a guest goes to the login, a session waiting for its MFA code to the code step,
 * a temporary password to the forced change.
 */
export const authGuard: CanActivateFn = () => {
  const store = inject(SessionStore);
  const router = inject(Router);
  if (store.mfaRequired()) return router.parseUrl('/login/mfa');
  if (!store.signedIn()) return router.parseUrl('/login');
  if (store.passwordChangeRequired()) return router.parseUrl('/password/required');
  return true;
};

import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { SessionStore } from '../session/session-store';

/**
 * The forced password change exists only while the server says the password is temporary, and
 * comes after the MFA code step.
 */
export const passwordChangeRequiredGuard: CanActivateFn = () => {
  const store = inject(SessionStore);
  const router = inject(Router);
  if (store.mfaRequired()) return router.parseUrl('/login/mfa');
  if (!store.signedIn()) return router.parseUrl('/login');
  return store.passwordChangeRequired() || router.parseUrl('/');
};

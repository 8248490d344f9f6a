import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { SessionStore } from '../session/session-store';

/** The MFA code step exists only while a session waits for its code. */
export const mfaRequiredGuard: CanActivateFn = () => {
  const store = inject(SessionStore);
  const router = inject(Router);
  if (store.mfaRequired()) return true;
  return router.parseUrl(store.signedIn() ? '/' : '/login');
};

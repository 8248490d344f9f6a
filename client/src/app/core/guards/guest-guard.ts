import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { RETURN_URL_PARAM, returnUrlOf, signInStep } from '../auth/return-url';
import { SessionStore } from '../session/session-store';

/** The login page is for guests; a signed-in user is sent where the session allows. */
export const guestGuard: CanActivateFn = (route) => {
  const store = inject(SessionStore);
  const router = inject(Router);
  if (!store.signedIn()) return true;
  if (store.passwordChangeRequired()) {
    return signInStep(router, '/password/required', route.queryParamMap.get(RETURN_URL_PARAM));
  }
  return router.parseUrl(returnUrlOf(route));
};

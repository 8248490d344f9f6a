import { PLATFORM_ID, inject } from '@angular/core';
import { isPlatformServer } from '@angular/common';
import { CanActivateFn, Router } from '@angular/router';
import { signInStep } from '../auth/return-url';
import { SessionStore } from '../session/session-store';

/**
 * Signed-in pages: a guest goes to the login, a session waiting for its MFA code to the code step
 * (both remember the page, to come back to it after signing in), a temporary password to the
 * forced change.
 */
export const authGuard: CanActivateFn = (_route, state) => {
  // Prerendering the top page at build time (app.routes.server.ts): no one's page, no session to
  // ask about; the server sends it only to a signed-in session.
  if (isPlatformServer(inject(PLATFORM_ID))) return true;
  const store = inject(SessionStore);
  const router = inject(Router);
  if (store.mfaRequired()) return signInStep(router, '/login/mfa', state.url);
  if (!store.signedIn()) return signInStep(router, '/login', state.url);
  if (store.passwordChangeRequired()) return signInStep(router, '/password/required', state.url);
  return true;
};

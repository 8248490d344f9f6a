import { HttpErrorResponse, HttpInterceptorFn, HttpResponse } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, tap, throwError } from 'rxjs';
import { apiErrorOf } from '../api/api-error';
import { SIGNED_OUT_STATE, signInStep } from '../auth/return-url';
import { FormDrafts } from '../session/form-drafts';
import { IdleWatch } from '../session/idle-watch';
import { SessionStore } from '../session/session-store';

/**
 * The session store's own question at start-up: it records a 403 MFA_REQUIRED, and the guards then
 * send the page being opened to the code step, remembering it. A navigation from here would race
 * with that first navigation and forget the page.
 */
const SESSION_URL = '/api/auth/session';

/**
 * Their 401 is an answer for the caller (wrong password, nobody signed in, too many wrong MFA
 * codes), not a lost session.
 */
const OWN_401_URLS = [
  '/api/auth/login',
  SESSION_URL,
  '/api/auth/mfa/code',
  '/api/auth/mfa/recovery-code',
];

/** Answered without a session: they say nothing about the session's idle time. */
const SESSIONLESS_URLS = ['/api/config', '/api/health', '/api/password-policy', '/api/auth/logout'];

/**
 * Follows the server when it says the session is gone (401), that it waits for its MFA code
 * (403 MFA_REQUIRED) or that the password must be changed first (403 PASSWORD_CHANGE_REQUIRED),
 * wherever the call came from. The sign-in steps remember the page, to come back to it.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const store = inject(SessionStore);
  const router = inject(Router);
  const idle = inject(IdleWatch);
  const drafts = inject(FormDrafts);
  return next(request).pipe(
    tap((event) => {
      // Every other answer of the server restarted the session's idle clock.
      if (event instanceof HttpResponse && !SESSIONLESS_URLS.includes(request.url)) {
        idle.activity();
      }
    }),
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse) {
        if (error.status === 401 && !OWN_401_URLS.includes(request.url)) {
          drafts.keep();
          store.clear();
          void router.navigateByUrl(signInStep(router, '/login', router.url), {
            state: { [SIGNED_OUT_STATE]: true },
          });
        } else if (
          error.status === 403 &&
          apiErrorOf(error)?.code === 'MFA_REQUIRED' &&
          request.url !== SESSION_URL
        ) {
          store.requireMfa();
          void router.navigateByUrl(signInStep(router, '/login/mfa', router.url));
        } else if (error.status === 403 && apiErrorOf(error)?.code === 'PASSWORD_CHANGE_REQUIRED') {
          store.requirePasswordChange();
          void router.navigateByUrl('/password/required');
        }
      }
      return throwError(() => error);
    }),
  );
};

import type { ActivatedRouteSnapshot, Router, UrlTree } from '@angular/router';

/**
 * Navigation state (not in the URL) of a trip to the login page because the server said the
 * session was gone: timed out, or ended from another device or by an administrator.
 */
export const SIGNED_OUT_STATE = 'signedOut';

/** With SIGNED_OUT_STATE: the session ended because nothing was done for the idle timeout. */
export const IDLE_STATE = 'idle';

/** Navigation state of the trip from the forced password change to the page it leads to. */
export const PASSWORD_CHANGED_STATE = 'passwordChanged';

/** Navigation state after signing in with a recovery code: how many codes are left. */
export const RECOVERY_CODES_LEFT_STATE = 'recoveryCodesLeft';

/** The navigation states above: each carries a notice that the page it leads to says once. */
export const ONE_TIME_STATES: readonly string[] = [
  SIGNED_OUT_STATE,
  IDLE_STATE,
  PASSWORD_CHANGED_STATE,
  RECOVERY_CODES_LEFT_STATE,
];

/**
 * A history entry's state without the one-time notices, or null when it has none: once the page
 * has said it, reloading the page (or coming back to it) does not say again that the password was
 * changed or that the session ended. The router's own keys stay.
 */
export function withoutOneTimeStates(state: unknown): Record<string, unknown> | null {
  if (typeof state !== 'object' || state === null) return null;
  if (!ONE_TIME_STATES.some((key) => key in state)) return null;
  const rest: Record<string, unknown> = { ...state };
  for (const key of ONE_TIME_STATES) delete rest[key];
  return rest;
}

/** The query parameter of the sign-in steps that names the page a guest asked for. */
export const RETURN_URL_PARAM = 'returnUrl';

// The sign-in steps and the forced change are ways in, never the page to come back to.
const NOT_A_DESTINATION = /^\/(?:login|password\/required)(?:[/?#;]|$)/;

/**
 * `value` when it is a page of this app to go to after signing in, else null: a path of its own
 * (never `//host` or `/\host`, which browsers read as another site; no control characters), other
 * than the top page and the sign-in steps. The router only ever navigates inside the app; this
 * keeps the parameter to what the app itself would have put there.
 */
export function safeReturnUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 2000) return null;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return null;
  if ([...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return null;
  if (value === '/' || NOT_A_DESTINATION.test(value)) return null;
  return value;
}

/** `path` (a sign-in step), remembering `returnUrl` when it is somewhere to come back to. */
export function signInStep(router: Router, path: string, returnUrl: unknown): UrlTree {
  const safe = safeReturnUrl(returnUrl);
  return router.createUrlTree([path], safe ? { queryParams: { [RETURN_URL_PARAM]: safe } } : {});
}

/** Where the route's sign-in ends: the remembered page, else the top. */
export function returnUrlOf(route: ActivatedRouteSnapshot): string {
  return safeReturnUrl(route.queryParamMap.get(RETURN_URL_PARAM)) ?? '/';
}

import { inject } from '@angular/core';
import { CanActivateChildFn, RedirectCommand, Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { apiErrorOf } from '../api/api-error';
import { AuthApi } from '../auth/auth-api';
import { SIGNED_OUT_STATE, signInStep } from '../auth/return-url';
import { SessionStore } from '../session/session-store';

/**
 * Every navigation between signed-in pages asks the server whether the session still lives, so a
 * tab whose session was ended elsewhere (another device, an administrator, the idle timeout)
 * notices at once, also on pages that load nothing, and the shell shows the current role and
 * expiry. The first navigation is skipped: the app has just asked. An unreachable server lets
 * the page open; its own calls will say so.
 */
export const sessionAliveGuard: CanActivateChildFn = async (_route, state) => {
  const router = inject(Router);
  if (!router.navigated) return true;
  const store = inject(SessionStore);
  try {
    store.set(await firstValueFrom(inject(AuthApi).session()));
    return true;
  } catch (error: unknown) {
    const code = apiErrorOf(error)?.code;
    if (apiErrorOf(error)?.statusCode !== 401 || code === 'MFA_REQUIRED') return true;
    store.clear();
    return new RedirectCommand(signInStep(router, '/login', state.url), {
      state: { [SIGNED_OUT_STATE]: true },
    });
  }
};

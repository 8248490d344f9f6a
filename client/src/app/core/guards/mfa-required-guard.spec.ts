import { TestBed } from '@angular/core/testing';
import { aSession } from '../../testing/factories';
import { navigateTo, setUpRouter, stubRoute } from '../../testing/router';
import { SessionStore } from '../session/session-store';
import { authGuard } from './auth-guard';
import { mfaRequiredGuard } from './mfa-required-guard';
import { passwordChangeRequiredGuard } from './password-change-required-guard';

describe(mfaRequiredGuard.name, () => {
  beforeEach(() => {
    setUpRouter([
      stubRoute('login'),
      stubRoute('login/mfa', { canActivate: [mfaRequiredGuard] }),
      stubRoute('password/required', { canActivate: [passwordChangeRequiredGuard] }),
      stubRoute('', { canActivateChild: [authGuard], children: [stubRoute('settings/mfa')] }),
    ]);
  });

  it('shows the code step while the session waits for its code', async () => {
    TestBed.inject(SessionStore).set(aSession({ mfaRequired: true }));
    expect(await navigateTo('/login/mfa')).toBe('/login/mfa');
  });

  it('shows the code step after a reload, when the server answered 403 MFA_REQUIRED', async () => {
    TestBed.inject(SessionStore).requireMfa();
    expect(await navigateTo('/login/mfa')).toBe('/login/mfa');
  });

  it('sends a guest to the login page', async () => {
    expect(await navigateTo('/login/mfa')).toBe('/login');
  });

  it('sends a signed-in user to the top', async () => {
    TestBed.inject(SessionStore).set(aSession());
    expect(await navigateTo('/login/mfa')).toBe('/');
  });

  it('keeps a pending session away from the signed-in pages', async () => {
    TestBed.inject(SessionStore).set(aSession({ mfaRequired: true }));
    expect(await navigateTo('/settings/mfa')).toBe('/login/mfa?returnUrl=%2Fsettings%2Fmfa');
  });

  it('asks for the code before the forced password change', async () => {
    TestBed.inject(SessionStore).set(aSession({ mfaRequired: true, passwordChangeRequired: true }));
    expect(await navigateTo('/password/required')).toBe('/login/mfa');
  });
});

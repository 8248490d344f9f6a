import { PLATFORM_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { aSession } from '../../testing/factories';
import { navigateTo, setUpRouter, stubRoute } from '../../testing/router';
import { SessionStore } from '../session/session-store';
import { authGuard } from './auth-guard';

describe(authGuard.name, () => {
  beforeEach(() => {
    setUpRouter([
      stubRoute('login'),
      stubRoute('password/required'),
      stubRoute('login/mfa'),
      stubRoute('', { canActivate: [authGuard] }),
      stubRoute('settings', { canActivate: [authGuard] }),
    ]);
  });

  it('sends a guest to the login page, remembering the page asked for', async () => {
    expect(await navigateTo('/settings?tab=2')).toBe('/login?returnUrl=%2Fsettings%3Ftab%3D2');
  });

  it('remembers nothing for the top page', async () => {
    expect(await navigateTo('/')).toBe('/login');
  });

  it('sends a session waiting for its MFA code to the code step, remembering the page', async () => {
    TestBed.inject(SessionStore).set(aSession({ mfaRequired: true }));
    expect(await navigateTo('/settings')).toBe('/login/mfa?returnUrl=%2Fsettings');
  });

  it('sends a user with a temporary password to the forced change, remembering the page', async () => {
    TestBed.inject(SessionStore).set(aSession({ passwordChangeRequired: true }));
    expect(await navigateTo('/settings')).toBe('/password/required?returnUrl=%2Fsettings');
  });

  it('lets a signed-in user in', async () => {
    TestBed.inject(SessionStore).set(aSession());
    expect(await navigateTo('/settings')).toBe('/settings');
  });

  it('lets the build-time prerendering of the top page through, where there is no session', async () => {
    TestBed.overrideProvider(PLATFORM_ID, { useValue: 'server' });
    expect(await navigateTo('/')).toBe('/');
  });
});

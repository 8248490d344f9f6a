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
      stubRoute('settings', { canActivate: [authGuard] }),
    ]);
  });

  it('sends a guest to the login page', async () => {
    expect(await navigateTo('/settings')).toBe('/login');
  });

  it('sends a user with a temporary password to the forced change', async () => {
    TestBed.inject(SessionStore).set(aSession({ passwordChangeRequired: true }));
    expect(await navigateTo('/settings')).toBe('/password/required');
  });

  it('lets a signed-in user in', async () => {
    TestBed.inject(SessionStore).set(aSession());
    expect(await navigateTo('/settings')).toBe('/settings');
  });
});

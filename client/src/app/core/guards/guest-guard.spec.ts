import { TestBed } from '@angular/core/testing';
import { aSession } from '../../testing/factories';
import { navigateTo, setUpRouter, stubRoute } from '../../testing/router';
import { SessionStore } from '../session/session-store';
import { guestGuard } from './guest-guard';

describe(guestGuard.name, () => {
  beforeEach(() => {
    setUpRouter([
      stubRoute(''),
      stubRoute('password/required'),
      stubRoute('settings'),
      stubRoute('login', { canActivate: [guestGuard] }),
    ]);
  });

  it('shows the login page to a guest', async () => {
    expect(await navigateTo('/login')).toBe('/login');
  });

  it('sends a signed-in user to the top', async () => {
    TestBed.inject(SessionStore).set(aSession());
    expect(await navigateTo('/login')).toBe('/');
  });

  it('sends a signed-in user to the page the login remembered', async () => {
    TestBed.inject(SessionStore).set(aSession());
    expect(await navigateTo('/login?returnUrl=%2Fsettings')).toBe('/settings');
  });

  it('ignores a remembered page that is not one of the app', async () => {
    TestBed.inject(SessionStore).set(aSession());
    expect(await navigateTo('/login?returnUrl=%2F%2Fevil.example%2Fsettings')).toBe('/');
  });

  it('sends a user with a temporary password to the forced change, still remembering the page', async () => {
    TestBed.inject(SessionStore).set(aSession({ passwordChangeRequired: true }));
    expect(await navigateTo('/login?returnUrl=%2Fsettings')).toBe(
      '/password/required?returnUrl=%2Fsettings',
    );
  });

  it('sends a user with a temporary password to the forced change (nothing remembered)', async () => {
    TestBed.inject(SessionStore).set(aSession({ passwordChangeRequired: true }));
    expect(await navigateTo('/login')).toBe('/password/required');
  });
});

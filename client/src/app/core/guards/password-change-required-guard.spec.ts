import { TestBed } from '@angular/core/testing';
import { aSession } from '../../testing/factories';
import { navigateTo, setUpRouter, stubRoute } from '../../testing/router';
import { SessionStore } from '../session/session-store';
import { passwordChangeRequiredGuard } from './password-change-required-guard';

describe(passwordChangeRequiredGuard.name, () => {
  beforeEach(() => {
    setUpRouter([
      stubRoute(''),
      stubRoute('login'),
      stubRoute('password/required', { canActivate: [passwordChangeRequiredGuard] }),
    ]);
  });

  it('shows the forced change while the password is temporary', async () => {
    TestBed.inject(SessionStore).set(aSession({ passwordChangeRequired: true }));
    expect(await navigateTo('/password/required')).toBe('/password/required');
  });

  it('sends a user whose password is already changed to the top', async () => {
    TestBed.inject(SessionStore).set(aSession());
    expect(await navigateTo('/password/required')).toBe('/');
  });

  it('sends a guest to the login page', async () => {
    expect(await navigateTo('/password/required')).toBe('/login');
  });
});

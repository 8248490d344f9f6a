import { TestBed } from '@angular/core/testing';
import { aSession } from '../../testing/factories';
import { navigateTo, setUpRouter, stubRoute } from '../../testing/router';
import { SessionStore } from '../session/session-store';
import { adminGuard } from './admin-guard';

describe(adminGuard.name, () => {
  beforeEach(() => {
    setUpRouter([stubRoute(''), stubRoute('admin', { canActivate: [adminGuard] })]);
  });

  it('sends a general user to the top page', async () => {
    TestBed.inject(SessionStore).set(aSession({ role: 'user' }));
    expect(await navigateTo('/admin')).toBe('/');
  });

  it('sends a guest to the top page (whose own guard then asks for a sign-in)', async () => {
    expect(await navigateTo('/admin')).toBe('/');
  });

  it('lets an account administrator in', async () => {
    TestBed.inject(SessionStore).set(aSession({ role: 'admin' }));
    expect(await navigateTo('/admin')).toBe('/admin');
  });
});

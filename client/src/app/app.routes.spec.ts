import { TestBed } from '@angular/core/testing';
import { routes } from './app.routes';
import { SessionStore } from './core/session/session-store';
import { aSession } from './testing/factories';
import { navigateTo, setUpRouter } from './testing/router';

describe('routes', () => {
  beforeEach(() => {
    setUpRouter(routes);
  });

  it.each(['/settings', '/settings/mfa', '/settings/sessions', '/settings/activity', '/password'])(
    'sends a guest from %s to the login page, remembering the page',
    async (url) => {
      expect(await navigateTo(url)).toBe(`/login?returnUrl=${encodeURIComponent(url)}`);
    },
  );

  it.each(['/', '/password/required'])(
    'sends a guest from %s to the login page with nothing to return to',
    async (url) => {
      expect(await navigateTo(url)).toBe('/login');
    },
  );

  it.each([
    '/',
    '/settings',
    '/settings/mfa',
    '/settings/sessions',
    '/settings/activity',
    '/password',
    '/login',
    '/nowhere',
  ])('keeps a user with a temporary password on the forced change (from %s)', async (url) => {
    TestBed.inject(SessionStore).set(aSession({ passwordChangeRequired: true }));
    // A page of the app is remembered, to open after the change.
    const remembered = ['/', '/login', '/nowhere'].includes(url)
      ? ''
      : `?returnUrl=${encodeURIComponent(url)}`;
    expect(await navigateTo(url)).toBe(`/password/required${remembered}`);
  });

  it.each([
    '/',
    '/settings',
    '/settings/mfa',
    '/settings/sessions',
    '/settings/activity',
    '/password',
  ])('opens %s for a signed-in user', async (url) => {
    TestBed.inject(SessionStore).set(aSession());
    expect(await navigateTo(url)).toBe(url);
  });

  it('sends an unknown route to the top', async () => {
    TestBed.inject(SessionStore).set(aSession());
    expect(await navigateTo('/no/such/page')).toBe('/');
  });
});

import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { routes } from './app.routes';
import { SessionStore } from './core/session/session-store';
import { aSession } from './testing/factories';

describe('routes', () => {
  async function navigate(url: string): Promise<string> {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    return TestBed.inject(Router).url;
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter(routes)],
    });
  });

  it.each(['/', '/settings', '/settings/mfa', '/password', '/password/required'])(
    'sends a guest from %s to the login page',
    async (url) => {
      expect(await navigate(url)).toBe('/login');
    },
  );

  it.each(['/', '/settings', '/settings/mfa', '/password', '/login', '/nowhere'])(
    'keeps a user with a temporary password on the forced change (from %s)',
    async (url) => {
      TestBed.inject(SessionStore).set(aSession({ passwordChangeRequired: true }));
      expect(await navigate(url)).toBe('/password/required');
    },
  );

  it.each(['/', '/settings', '/settings/mfa', '/password'])(
    'opens %s for a signed-in user',
    async (url) => {
      TestBed.inject(SessionStore).set(aSession());
      expect(await navigate(url)).toBe(url);
    },
  );

  it('sends an unknown route to the top', async () => {
    TestBed.inject(SessionStore).set(aSession());
    expect(await navigate('/no/such/page')).toBe('/');
  });
});

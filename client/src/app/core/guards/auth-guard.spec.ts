import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { aSession } from '../../testing/factories';
import { stubRoute } from '../../testing/router';
import { SessionStore } from '../session/session-store';
import { authGuard } from './auth-guard';

describe(authGuard.name, () => {
  async function navigate(url: string): Promise<string> {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    return TestBed.inject(Router).url;
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          stubRoute('login'),
          stubRoute('password/required'),
          stubRoute('settings', { canActivate: [authGuard] }),
        ]),
      ],
    });
  });

  it('sends a guest to the login page', async () => {
    expect(await navigate('/settings')).toBe('/login');
  });

  it('sends a user with a temporary password to the forced change', async () => {
    TestBed.inject(SessionStore).set(aSession({ passwordChangeRequired: true }));
    expect(await navigate('/settings')).toBe('/password/required');
  });

  it('lets a signed-in user in', async () => {
    TestBed.inject(SessionStore).set(aSession());
    expect(await navigate('/settings')).toBe('/settings');
  });
});

import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { aSession } from '../../testing/factories';
import { stubRoute } from '../../testing/router';
import { SessionStore } from '../session/session-store';
import { guestGuard } from './guest-guard';

describe(guestGuard.name, () => {
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
          stubRoute(''),
          stubRoute('password/required'),
          stubRoute('login', { canActivate: [guestGuard] }),
        ]),
      ],
    });
  });

  it('shows the login page to a guest', async () => {
    expect(await navigate('/login')).toBe('/login');
  });

  it('sends a signed-in user to the top', async () => {
    TestBed.inject(SessionStore).set(aSession());
    expect(await navigate('/login')).toBe('/');
  });

  it('sends a user with a temporary password to the forced change', async () => {
    TestBed.inject(SessionStore).set(aSession({ passwordChangeRequired: true }));
    expect(await navigate('/login')).toBe('/password/required');
  });
});

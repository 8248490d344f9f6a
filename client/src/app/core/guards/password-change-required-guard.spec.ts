import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { aSession } from '../../testing/factories';
import { stubRoute } from '../../testing/router';
import { SessionStore } from '../session/session-store';
import { passwordChangeRequiredGuard } from './password-change-required-guard';

describe(passwordChangeRequiredGuard.name, () => {
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
          stubRoute('login'),
          stubRoute('password/required', { canActivate: [passwordChangeRequiredGuard] }),
        ]),
      ],
    });
  });

  it('shows the forced change while the password is temporary', async () => {
    TestBed.inject(SessionStore).set(aSession({ passwordChangeRequired: true }));
    expect(await navigate('/password/required')).toBe('/password/required');
  });

  it('sends a user whose password is already changed to the top', async () => {
    TestBed.inject(SessionStore).set(aSession());
    expect(await navigate('/password/required')).toBe('/');
  });

  it('sends a guest to the login page', async () => {
    expect(await navigate('/password/required')).toBe('/login');
  });
});

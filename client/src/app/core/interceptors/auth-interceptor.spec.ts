import { TestBed } from '@angular/core/testing';
import { HttpClient, provideHttpClient, withInterceptors, withXhr } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Router, provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { aSession, anErrorBody } from '../../testing/factories';
import { stubRoute } from '../../testing/router';
import { SessionStore } from '../session/session-store';
import { authInterceptor } from './auth-interceptor';

describe(authInterceptor.name, () => {
  let http: HttpTestingController;
  let store: SessionStore;
  let router: Router;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withXhr(), withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([
          stubRoute(''),
          stubRoute('login'),
          stubRoute('login/mfa'),
          stubRoute('password/required'),
          stubRoute('settings'),
        ]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    store = TestBed.inject(SessionStore);
    router = TestBed.inject(Router);
    store.set(aSession());
    await router.navigateByUrl('/settings');
  });

  async function fail(method: 'GET' | 'POST', url: string, status: number, code: string) {
    const client = TestBed.inject(HttpClient);
    const call = firstValueFrom(method === 'GET' ? client.get(url) : client.post(url, {})).catch(
      (error: unknown) => error,
    );
    http.expectOne({ method, url }).flush(anErrorBody(status, code), { status, statusText: code });
    const error = await call;
    // Let the navigation the interceptor started finish.
    await new Promise((resolve) => setTimeout(resolve));
    return error;
  }

  it('clears the session and goes to the login page, remembering the page, when a call answers 401', async () => {
    await fail('GET', '/api/password-policy', 401, 'UNAUTHENTICATED');
    expect(store.session()).toBeNull();
    expect(router.url).toBe('/login?returnUrl=%2Fsettings');
    // So that the login page can say why.
    expect(router.lastSuccessfulNavigation()?.extras.state).toEqual({ signedOut: true });
  });

  it('still hands the error to the caller', async () => {
    const error = await fail('POST', '/api/auth/password', 401, 'UNAUTHENTICATED');
    expect(error).toMatchObject({ status: 401 });
  });

  it.each(['/api/auth/login', '/api/auth/session'])(
    'leaves the 401 of %s to its caller',
    async (url) => {
      await fail(url === '/api/auth/login' ? 'POST' : 'GET', url, 401, 'INVALID_CREDENTIALS');
      expect(store.session()).not.toBeNull();
      expect(router.url).toBe('/settings');
    },
  );

  it('goes to the forced change on 403 PASSWORD_CHANGE_REQUIRED', async () => {
    await fail('GET', '/api/config', 403, 'PASSWORD_CHANGE_REQUIRED');
    expect(store.passwordChangeRequired()).toBe(true);
    expect(router.url).toBe('/password/required');
  });

  it('leaves any other 403 alone', async () => {
    await fail('POST', '/api/auth/logout', 403, 'CSRF_TOKEN_INVALID');
    expect(store.session()).toEqual(aSession());
    expect(router.url).toBe('/settings');
  });

  it('sends a session that waits for its MFA code to the code step (403 MFA_REQUIRED)', async () => {
    await fail('GET', '/api/mfa', 403, 'MFA_REQUIRED');
    expect(store.mfaRequired()).toBe(true);
    expect(router.url).toBe('/login/mfa?returnUrl=%2Fsettings');
  });

  it('leaves the 403 MFA_REQUIRED of the start-up session check to the store and the guards', async () => {
    await fail('GET', '/api/auth/session', 403, 'MFA_REQUIRED');
    expect(router.url).toBe('/settings');
  });

  it.each(['/api/auth/mfa/code', '/api/auth/mfa/recovery-code'])(
    'leaves the 401 of %s (the code step ended) to its caller',
    async (url) => {
      await fail('POST', url, 401, 'MFA_SESSION_ENDED');
      expect(router.url).toBe('/settings');
    },
  );
});

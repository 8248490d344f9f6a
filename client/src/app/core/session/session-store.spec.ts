import { TestBed } from '@angular/core/testing';
import { provideHttpClient, withXhr } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { aSession, anErrorBody } from '../../testing/factories';
import { SessionStore } from './session-store';

describe(SessionStore.name, () => {
  let sut: SessionStore;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withXhr()), provideHttpClientTesting()],
    });
    sut = TestBed.inject(SessionStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('loads the session from the server', async () => {
    const loading = sut.load();
    http.expectOne({ method: 'GET', url: '/api/auth/session' }).flush(aSession({ role: 'admin' }));
    await loading;

    expect(sut.session()).toEqual(aSession({ role: 'admin' }));
    expect(sut.signedIn()).toBe(true);
    expect(sut.passwordChangeRequired()).toBe(false);
  });

  it('treats 401 as signed out', async () => {
    sut.set(aSession());
    const loading = sut.load();
    http
      .expectOne('/api/auth/session')
      .flush(anErrorBody(401, 'UNAUTHENTICATED'), { status: 401, statusText: 'Unauthorized' });
    await loading;

    expect(sut.session()).toBeNull();
    expect(sut.signedIn()).toBe(false);
  });

  it('treats an unreachable server as signed out instead of failing the start', async () => {
    const loading = sut.load();
    http.expectOne('/api/auth/session').error(new ProgressEvent('error'));
    await expect(loading).resolves.toBeUndefined();
    expect(sut.signedIn()).toBe(false);
  });

  it('marks the password as required when the server says so', () => {
    sut.set(aSession());
    sut.requirePasswordChange();
    expect(sut.passwordChangeRequired()).toBe(true);
  });

  it('signs out on the server and clears the state', async () => {
    sut.set(aSession());
    const signingOut = sut.signOut();
    const request = http.expectOne({ method: 'POST', url: '/api/auth/logout' });
    expect(request.request.body).toEqual({});
    request.flush({ signedOut: true });
    await signingOut;
    expect(sut.session()).toBeNull();
  });

  it('clears the state even when the session had already ended', async () => {
    sut.set(aSession());
    const signingOut = sut.signOut();
    http
      .expectOne('/api/auth/logout')
      .flush(anErrorBody(401, 'UNAUTHENTICATED'), { status: 401, statusText: 'Unauthorized' });
    await signingOut;
    expect(sut.session()).toBeNull();
  });

  it('knows after a reload that the session waits for its MFA code (403 MFA_REQUIRED)', async () => {
    const loading = sut.load();
    http
      .expectOne('/api/auth/session')
      .flush(anErrorBody(403, 'MFA_REQUIRED'), { status: 403, statusText: 'Forbidden' });
    await loading;

    expect(sut.mfaRequired()).toBe(true);
    expect(sut.signedIn()).toBe(false);
    sut.set(aSession());
    expect(sut.mfaRequired()).toBe(false);
    expect(sut.signedIn()).toBe(true);
  });
});

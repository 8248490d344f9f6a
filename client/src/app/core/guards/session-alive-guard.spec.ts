import { TestBed } from '@angular/core/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { aSession, anErrorBody } from '../../testing/factories';
import { setUpRouter, stubRoute } from '../../testing/router';
import { SIGNED_OUT_STATE } from '../auth/return-url';
import { SessionStore } from '../session/session-store';
import { sessionAliveGuard } from './session-alive-guard';

/** Lets the navigation reach the guard's request. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe(sessionAliveGuard.name, () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  beforeEach(async () => {
    setUpRouter([
      stubRoute('login'),
      {
        path: '',
        canActivateChild: [sessionAliveGuard],
        children: [stubRoute(''), stubRoute('settings')],
      },
    ]);
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(SessionStore).set(aSession());
    harness = await RouterTestingHarness.create();
    // The first navigation follows the app's own question at start: nothing asked again.
    await harness.navigateByUrl('/');
    http.expectNone('/api/auth/session');
  });

  afterEach(() => http.verify());

  it('asks the server on the next navigation and follows its answer', async () => {
    const going = harness.navigateByUrl('/settings');
    await settle();
    http.expectOne('/api/auth/session').flush(aSession({ role: 'admin', expiresOn: '2027-03-31' }));
    await going;
    expect(TestBed.inject(Router).url).toBe('/settings');
    expect(TestBed.inject(SessionStore).session()?.role).toBe('admin');
  });

  it('sends a tab whose session ended elsewhere to the login page, saying so', async () => {
    const router = TestBed.inject(Router);
    const going = harness.navigateByUrl('/settings');
    await settle();
    http
      .expectOne('/api/auth/session')
      .flush(anErrorBody(401, 'UNAUTHENTICATED'), { status: 401, statusText: 'Unauthorized' });
    await going;
    expect(router.url).toBe('/login?returnUrl=%2Fsettings');
    expect(router.lastSuccessfulNavigation()?.extras.state?.[SIGNED_OUT_STATE]).toBe(true);
    expect(TestBed.inject(SessionStore).signedIn()).toBe(false);
  });

  it('lets the page open when the server cannot be reached', async () => {
    const going = harness.navigateByUrl('/settings');
    await settle();
    http.expectOne('/api/auth/session').error(new ProgressEvent('error'));
    await going;
    expect(TestBed.inject(Router).url).toBe('/settings');
    expect(TestBed.inject(SessionStore).signedIn()).toBe(true);
  });
});

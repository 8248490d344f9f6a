import { TestBed } from '@angular/core/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import { Router } from '@angular/router';
import { aSession } from '../../testing/factories';
import { setUpRouter, stubRoute } from '../../testing/router';
import { IDLE_STATE } from '../auth/return-url';
import { IdleWatch } from './idle-watch';
import { SessionStore } from './session-store';

const MINUTE = 60_000;

describe(IdleWatch.name, () => {
  let sut: IdleWatch;
  let http: HttpTestingController;

  beforeEach(() => {
    vi.useFakeTimers();
    localStorage.removeItem('tobira.lastActivity');
    setUpRouter([stubRoute('login'), stubRoute('')]);
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(SessionStore).set(aSession());
    sut = TestBed.inject(IdleWatch);
    sut.start();
    http.expectOne('/api/config').flush({
      productName: 'Tobira',
      supportUrl: 'https://support.example.com/',
      supportUrlMfa: 'https://support.example.com/',
      supportUrlPassword: 'https://support.example.com/',
      temporaryPasswordDays: 7,
      sessionIdleMinutes: 30,
    });
    sut.activity();
  });

  afterEach(() => {
    http.verify();
    vi.useRealTimers();
  });

  it('warns two minutes before the server could end the session, and a request lifts it', () => {
    vi.advanceTimersByTime(26 * MINUTE);
    expect(sut.warningUntil()).toBeNull();
    vi.advanceTimersByTime(1 * MINUTE + 1000);
    // The server writes its activity once a minute: the end is counted a minute early.
    expect(sut.warningUntil()?.getTime()).toBe(Date.now() - 27 * MINUTE - 1000 + 29 * MINUTE);

    sut.activity();
    expect(sut.warningUntil()).toBeNull();
  });

  it('hears the other tabs: their requests keep this one from warning', () => {
    vi.advanceTimersByTime(20 * MINUTE);
    localStorage.setItem('tobira.lastActivity', String(Date.now()));
    vi.advanceTimersByTime(8 * MINUTE);
    expect(sut.warningUntil()).toBeNull();
  });

  it('signs out at the end and tells the login page why', async () => {
    vi.advanceTimersByTime(29 * MINUTE);
    http.expectOne({ method: 'POST', url: '/api/auth/logout' }).flush({ signedOut: true });
    await vi.runAllTimersAsync();
    const router = TestBed.inject(Router);
    expect(router.url).toBe('/login');
    expect(router.lastSuccessfulNavigation()?.extras.state?.[IDLE_STATE]).toBe(true);
    expect(TestBed.inject(SessionStore).signedIn()).toBe(false);
  });
});

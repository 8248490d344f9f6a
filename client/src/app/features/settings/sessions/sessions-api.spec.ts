import { TestBed } from '@angular/core/testing';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { firstValueFrom } from 'rxjs';
import { aSessionSummary } from '../../../testing/factories';
import { SessionsApi } from './sessions-api';

describe(SessionsApi.name, () => {
  let sut: SessionsApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    sut = TestBed.inject(SessionsApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('lists the account’s sessions', async () => {
    const sessions = [aSessionSummary({ current: true }), aSessionSummary({ id: 'other' })];
    const answer = firstValueFrom(sut.list());
    http.expectOne({ method: 'GET', url: '/api/sessions' }).flush(sessions);
    expect(await answer).toEqual(sessions);
  });

  it('ends one session by its id', async () => {
    const answer = firstValueFrom(sut.end('6f1c2a4e-0000-4000-8000-000000000002'));
    http
      .expectOne({ method: 'DELETE', url: '/api/sessions/6f1c2a4e-0000-4000-8000-000000000002' })
      .flush({ ended: 1 });
    expect(await answer).toEqual({ ended: 1 });
  });

  it('keeps an id from reaching another path', () => {
    sut.end('../auth/logout').subscribe();
    http
      .expectOne({ method: 'DELETE', url: '/api/sessions/..%2Fauth%2Flogout' })
      .flush({ ended: 0 });
  });

  it('ends every other session', async () => {
    const answer = firstValueFrom(sut.endOthers());
    const request = http.expectOne({ method: 'POST', url: '/api/sessions/end-others' });
    expect(request.request.body).toEqual({});
    request.flush({ ended: 3 });
    expect(await answer).toEqual({ ended: 3 });
  });
});

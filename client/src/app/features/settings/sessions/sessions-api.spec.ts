import { TestBed } from '@angular/core/testing';
import { provideHttpClient, withXhr } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { firstValueFrom } from 'rxjs';
import { aSessionSummary } from '../../../testing/factories';
import { SessionsApi } from './sessions-api';

describe(SessionsApi.name, () => {
  let sut: SessionsApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withXhr()), provideHttpClientTesting()],
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

  it('ends one session by its id, sending the current password', async () => {
    const answer = firstValueFrom(
      sut.end('6f1c2a4e-0000-4000-8000-000000000002', { currentPassword: 'Sakura-2025-spring' }),
    );
    const request = http.expectOne({
      method: 'POST',
      url: '/api/sessions/6f1c2a4e-0000-4000-8000-000000000002/end',
    });
    expect(request.request.body).toEqual({ currentPassword: 'Sakura-2025-spring' });
    request.flush({ ended: 1 });
    expect(await answer).toEqual({ ended: 1 });
  });

  it('keeps an id from reaching another path', () => {
    sut.end('../auth/logout', { currentPassword: 'x' }).subscribe();
    http
      .expectOne({ method: 'POST', url: '/api/sessions/..%2Fauth%2Flogout/end' })
      .flush({ ended: 0 });
  });

  it('ends every other session, sending the current password', async () => {
    const answer = firstValueFrom(sut.endOthers({ currentPassword: 'Sakura-2025-spring' }));
    const request = http.expectOne({ method: 'POST', url: '/api/sessions/end-others' });
    expect(request.request.body).toEqual({ currentPassword: 'Sakura-2025-spring' });
    request.flush({ ended: 3 });
    expect(await answer).toEqual({ ended: 3 });
  });
});

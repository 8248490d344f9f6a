import { TestBed } from '@angular/core/testing';
import { provideHttpClient, withXhr } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { firstValueFrom } from 'rxjs';
import { anActivityEvent } from '../../../testing/factories';
import { ActivityApi } from './activity-api';

describe(ActivityApi.name, () => {
  it('reads the account’s recent events', async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withXhr()), provideHttpClientTesting()],
    });
    const sut = TestBed.inject(ActivityApi);
    const http = TestBed.inject(HttpTestingController);
    const events = [anActivityEvent(), anActivityEvent({ kind: 'sign_out' })];

    const answer = firstValueFrom(sut.recent());
    http.expectOne({ method: 'GET', url: '/api/activity' }).flush(events);

    expect(await answer).toEqual(events);
    http.verify();
  });
});

import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { RouterTestingHarness } from '@angular/router/testing';
import { buttonNamed, textOf } from '../../testing/dom';
import { setUpRouter } from '../../testing/router';
import { LEAVE_FOR } from './oidc-api';
import { OidcConsentPage } from './oidc-consent-page';

describe(OidcConsentPage.name, () => {
  let leaveFor: ReturnType<typeof vi.fn>;
  let http: HttpTestingController;
  let harness: RouterTestingHarness;
  let sut: HTMLElement;

  beforeEach(async () => {
    leaveFor = vi.fn();
    setUpRouter(
      [{ path: 'connect/consent/:uid', component: OidcConsentPage }],
      [{ provide: LEAVE_FOR, useValue: leaveFor }],
    );
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/connect/consent/uid-1');
    sut = harness.routeNativeElement!;
  });

  afterEach(() => http.verify());

  async function asked(): Promise<void> {
    http.expectOne('/api/oidc/interaction/uid-1/consent').flush({
      clientName: 'Wiki',
      scopes: ['openid', 'profile', 'offline_access'],
      username: 'tanaka',
    });
    await harness.fixture.whenStable();
  }

  it('names the application, the account and what it will receive', async () => {
    await asked();
    expect(textOf(sut.querySelector('h1'))).toBe('アプリケーションの許可');
    expect(textOf(sut.querySelector('p'))).toBe(
      '「Wiki」が tanaka としてのログインを求めています。許可すると、次の情報がこのアプリケーションに渡されます。',
    );
    expect(Array.from(sut.querySelectorAll('li')).map((li) => textOf(li))).toEqual([
      'あなたを識別する情報 (ユーザ名と契約)',
      'ユーザ名',
      'ログアウト後もアクセスを続けること',
    ]);
  });

  it('allows: posts approve true once and leaves for where the server says', async () => {
    await asked();
    buttonNamed(sut, '許可する').click();
    buttonNamed(sut, '許可する').click();
    await harness.fixture.whenStable();
    const req = http.expectOne('/api/oidc/interaction/uid-1/consent');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ approve: true });
    req.flush({ redirectTo: 'http://localhost/oidc/auth/abc' });
    expect(leaveFor).toHaveBeenCalledExactlyOnceWith('http://localhost/oidc/auth/abc');
  });

  it('denies: posts approve false and leaves for the application’s error', async () => {
    await asked();
    buttonNamed(sut, '許可しない').click();
    await harness.fixture.whenStable();
    const req = http.expectOne('/api/oidc/interaction/uid-1/consent');
    expect(req.request.body).toEqual({ approve: false });
    req.flush({ redirectTo: 'http://localhost/oidc/auth/def' });
    expect(leaveFor).toHaveBeenCalledExactlyOnceWith('http://localhost/oidc/auth/def');
  });

  it('says the request expired when the server no longer knows it', async () => {
    http
      .expectOne('/api/oidc/interaction/uid-1/consent')
      .flush({ code: 'NOT_FOUND' }, { status: 404, statusText: 'Not Found' });
    await harness.fixture.whenStable();
    expect(textOf(sut.querySelector('[role="alert"]'))).toBe(
      'この要求は期限が切れたか、無効です。アプリケーションからもう一度ログインしてください。',
    );
    expect(sut.querySelector('button')).toBeNull();
    expect(leaveFor).not.toHaveBeenCalled();
  });
});

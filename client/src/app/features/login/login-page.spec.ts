import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { SessionStore } from '../../core/session/session-store';
import { RELOAD_PAGE } from '../../shared/language-switch/language-switch';
import { buttonNamed, textOf, type } from '../../testing/dom';
import { aSession, anErrorBody } from '../../testing/factories';
import { setUpRouter, stubRoute } from '../../testing/router';
import { LoginPage } from './login-page';

describe(LoginPage.name, () => {
  let fixture: ComponentFixture<LoginPage>;
  let sut: HTMLElement;
  let http: HttpTestingController;

  let harness: RouterTestingHarness | undefined;

  /** The login page at `url`, through the real router: it reads the route's query. */
  async function render(url = '/login'): Promise<void> {
    harness ??= await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    fixture = harness.fixture as ComponentFixture<unknown> as ComponentFixture<LoginPage>;
    sut = harness.routeNativeElement!;
    await fixture.whenStable();
  }

  beforeEach(async () => {
    setUpRouter(
      [
        stubRoute(''),
        { path: 'login', component: LoginPage },
        stubRoute('login/mfa'),
        stubRoute('password/required'),
        stubRoute('settings/mfa'),
      ],
      [{ provide: RELOAD_PAGE, useValue: () => undefined }],
    );
    http = TestBed.inject(HttpTestingController);
    harness = undefined;
    await render();
  });

  afterEach(() => http.verify());

  async function signIn(username = 'yamada', password = 'Temp#Pass01'): Promise<void> {
    type(sut, '#login-username', username);
    type(sut, '#login-password', password);
    buttonNamed(sut, 'ログイン').click();
    await fixture.whenStable();
  }

  async function refuse(status: number, code: string): Promise<void> {
    await signIn();
    http
      .expectOne({ method: 'POST', url: '/api/auth/login' })
      .flush(anErrorBody(status, code), { status, statusText: code });
    await fixture.whenStable();
  }

  function summaryEntries(): string[] {
    return Array.from(sut.querySelectorAll('[role="alert"] li')).map((li) => textOf(li));
  }

  it('shows the texts of the manual', () => {
    expect(textOf(sut.querySelector('h1'))).toBe('Tobira 管理機能');
    expect(textOf(sut)).toContain('ユーザ名とパスワードを入力してください。');
    expect(textOf(sut)).toContain(
      '※アカウント管理者でログインする場合は、アカウント管理者のユーザ名を入力してください。',
    );
    expect(sut.querySelector('#login-username')?.getAttribute('autocomplete')).toBe(
      'username webauthn',
    );
    expect(sut.querySelector('#login-password')?.getAttribute('autocomplete')).toBe(
      'current-password',
    );
  });

  it('asks for both fields without calling the server', async () => {
    await signIn('', '');
    expect(summaryEntries()).toEqual([
      'ユーザ名を入力してください。',
      'パスワードを入力してください。',
    ]);
    expect(sut.querySelector('#login-username')?.getAttribute('aria-describedby')).toBe(
      'login-username-error',
    );
    http.expectNone('/api/auth/login');
  });

  it.each([
    [
      401,
      'INVALID_CREDENTIALS',
      'ユーザ名またはパスワードが正しくありません。しばらくしてから再度お試しいただくか、アカウント管理者にお問い合わせください。',
    ],
    [
      403,
      'ACCOUNT_EXPIRED',
      'このアカウントは有効期限が切れています。アカウント管理者にお問い合わせください。',
    ],
    [
      403,
      'ACCOUNT_DISABLED',
      'このアカウントは無効になっています。アカウント管理者にお問い合わせください。',
    ],
    [
      403,
      'TEMPORARY_PASSWORD_EXPIRED',
      '仮パスワードの有効期限が切れています。アカウント管理者に仮パスワードの再発行を依頼してください。',
    ],
    [500, 'INTERNAL', 'ログインできませんでした。しばらくしてから再度お試しください。'],
  ])('answers %i %s with 「%s」', async (status, code, message) => {
    await refuse(status, code);
    expect(summaryEntries()).toEqual([message]);
    expect(sut.querySelector<HTMLInputElement>('#login-password')?.value).toBe('');
    expect(TestBed.inject(SessionStore).signedIn()).toBe(false);
  });

  it('sends a signed-in user to the top', async () => {
    await signIn();
    const request = http.expectOne({ method: 'POST', url: '/api/auth/login' });
    expect(request.request.body).toEqual({ username: 'yamada', password: 'Temp#Pass01' });
    request.flush(aSession());
    await fixture.whenStable();

    expect(TestBed.inject(SessionStore).session()).toEqual(aSession());
    expect(TestBed.inject(Router).url).toBe('/');
  });

  it('sends a signed-in user to the page the guard remembered', async () => {
    await render('/login?returnUrl=%2Fsettings%2Fmfa');
    await signIn();
    http.expectOne('/api/auth/login').flush(aSession());
    await fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/settings/mfa');
  });

  it('keeps the remembered page through the MFA code step', async () => {
    await render('/login?returnUrl=%2Fsettings%2Fmfa');
    await signIn();
    http.expectOne('/api/auth/login').flush(aSession({ mfaRequired: true }));
    await fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/login/mfa?returnUrl=%2Fsettings%2Fmfa');
  });

  it.each(['//evil.example/settings', 'https://evil.example/', '/login/mfa'])(
    'goes to the top instead of the remembered %s',
    async (returnUrl) => {
      await render(`/login?returnUrl=${encodeURIComponent(returnUrl)}`);
      await signIn();
      http.expectOne('/api/auth/login').flush(aSession());
      await fixture.whenStable();
      expect(TestBed.inject(Router).url).toBe('/');
    },
  );

  it('says the session ended when the server sent the browser here, until the next attempt', async () => {
    expect(sut.querySelector('[role="status"]')).toBeNull();
    const router = TestBed.inject(Router);
    await router.navigateByUrl('/');
    await router.navigateByUrl('/login?returnUrl=%2Fsettings%2Fmfa', {
      state: { signedOut: true },
    });
    harness!.detectChanges();
    sut = harness!.routeNativeElement!;
    expect(textOf(sut.querySelector('[role="status"]'))).toBe(
      'ログアウトされました。続けるには、もう一度ログインしてください。',
    );

    await refuse(401, 'INVALID_CREDENTIALS');
    expect(sut.querySelector('[role="status"]')).toBeNull();
  });

  it('sends a temporary password to the forced change', async () => {
    await signIn();
    http.expectOne('/api/auth/login').flush(aSession({ passwordChangeRequired: true }));
    await fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/password/required');
  });

  it('keeps the remembered page through the forced change (an application sign-in)', async () => {
    await render('/login?returnUrl=%2Fconnect%2Fcontinue%2Fabc');
    await signIn();
    http.expectOne('/api/auth/login').flush(aSession({ passwordChangeRequired: true }));
    await fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe(
      '/password/required?returnUrl=%2Fconnect%2Fcontinue%2Fabc',
    );
  });
});

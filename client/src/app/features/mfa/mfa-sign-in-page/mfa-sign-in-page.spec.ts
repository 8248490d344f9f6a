import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import { ActivatedRoute, Router, convertToParamMap } from '@angular/router';
import { RECOVERY_CODES_LEFT_STATE } from '../../../core/auth/return-url';
import { SessionStore } from '../../../core/session/session-store';
import { RELOAD_PAGE } from '../../../shared/language-switch/language-switch';
import { buttonNamed, textOf, type } from '../../../testing/dom';
import { aSession, anErrorBody } from '../../../testing/factories';
import { setUpRouter, stubRoute } from '../../../testing/router';
import { MfaSignInPage } from './mfa-sign-in-page';

describe(MfaSignInPage.name, () => {
  let fixture: ComponentFixture<MfaSignInPage>;
  let sut: HTMLElement;
  let http: HttpTestingController;
  let store: SessionStore;

  async function render(
    factor: 'code' | 'recovery' = 'code',
    query: Record<string, string> = {},
  ): Promise<void> {
    setUpRouter(
      [
        stubRoute(''),
        stubRoute('login'),
        stubRoute('login/mfa'),
        stubRoute('password/required'),
        stubRoute('admin/audit'),
      ],
      [
        { provide: RELOAD_PAGE, useValue: () => undefined },
        {
          provide: ActivatedRoute,
          useValue: { snapshot: { data: { factor }, queryParamMap: convertToParamMap(query) } },
        },
      ],
    );
    http = TestBed.inject(HttpTestingController);
    store = TestBed.inject(SessionStore);
    store.set(aSession({ mfaRequired: true }));
    await TestBed.inject(Router).navigateByUrl('/login/mfa');
    fixture = TestBed.createComponent(MfaSignInPage);
    sut = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  async function send(value: string): Promise<void> {
    type(sut, '#mfa-code', value);
    buttonNamed(sut, '確認').click();
    await fixture.whenStable();
  }

  function summary(): string {
    return textOf(sut.querySelector('[role="alert"]'));
  }

  it('asks for the 6-digit code with the one-time-code autofill and a numeric keyboard', async () => {
    await render();
    expect(textOf(sut)).toContain('認証アプリに表示されている6桁のコードを入力してください。');
    const input = sut.querySelector('#mfa-code');
    expect(input?.getAttribute('autocomplete')).toBe('one-time-code');
    expect(input?.getAttribute('inputmode')).toBe('numeric');
    expect(sut.querySelector('label[for="mfa-code"]')?.textContent?.trim()).toBe('確認コード');
    expect(sut.querySelector('a[href="/login/mfa/recovery"]')).not.toBeNull();
  });

  it('checks the code before sending it', async () => {
    await render();
    await send('');
    expect(summary()).toContain('コードを入力してください。');
    await send('12ab56');
    expect(summary()).toContain('コードは6桁の数字で入力してください。');
    http.expectNone('/api/auth/mfa/code');
  });

  it('sends the code and continues to the forced change when the password is temporary', async () => {
    await render();
    await send('123 456');
    const request = http.expectOne({ method: 'POST', url: '/api/auth/mfa/code' });
    expect(request.request.body).toEqual({ code: '123456' });
    request.flush(aSession({ passwordChangeRequired: true }));
    await fixture.whenStable();

    expect(store.mfaRequired()).toBe(false);
    expect(TestBed.inject(Router).url).toBe('/password/required');
  });

  it('shows a wrong code at the field and in the summary', async () => {
    await render();
    await send('123456');
    http
      .expectOne('/api/auth/mfa/code')
      .flush(anErrorBody(400, 'VALIDATION_FAILED', [{ field: 'code', code: 'MFA_CODE_INVALID' }]), {
        status: 400,
        statusText: 'Bad Request',
      });
    await fixture.whenStable();

    expect(summary()).toContain('コードが正しくありません。');
    expect(textOf(sut.querySelector('#mfa-code-error'))).toContain('コードが正しくありません。');
    expect(sut.querySelector('#mfa-code')?.getAttribute('aria-invalid')).toBe('true');
  });

  it('says to sign in again when the server ended the pending session', async () => {
    await render();
    await send('123456');
    http
      .expectOne('/api/auth/mfa/code')
      .flush(anErrorBody(401, 'MFA_SESSION_ENDED'), { status: 401, statusText: 'Unauthorized' });
    await fixture.whenStable();

    expect(summary()).toContain('もう一度ログインしてください。');
    expect(sut.querySelector('#mfa-code')).toBeNull();
    expect(store.mfaRequired()).toBe(false);
  });

  it('goes back to the login with the remembered page, signed out', async () => {
    await render('code', { returnUrl: '/admin/audit' });
    buttonNamed(sut, 'ログイン画面に戻る').click();
    http.expectOne({ method: 'POST', url: '/api/auth/logout' }).flush({ signedOut: true });
    await fixture.whenStable();
    expect(store.session()).toBeNull();
    expect(TestBed.inject(Router).url).toBe('/login?returnUrl=%2Fadmin%2Faudit');
  });

  it('takes a recovery code on the recovery route', async () => {
    await render('recovery');
    expect(sut.querySelector('label[for="mfa-code"]')?.textContent?.trim()).toBe(
      'リカバリーコード',
    );
    await send('abcd-efgh-jkmn');
    const request = http.expectOne({ method: 'POST', url: '/api/auth/mfa/recovery-code' });
    expect(request.request.body).toEqual({ recoveryCode: 'abcd-efgh-jkmn' });
    request.flush(aSession());
    await fixture.whenStable();
    // How many codes are left goes with the arrival, for the page to say.
    http
      .expectOne({ method: 'GET', url: '/api/mfa' })
      .flush({ enabled: true, enabledAt: '2026-11-28T05:40:00.000Z', recoveryCodesRemaining: 3 });
    await fixture.whenStable();
    const router = TestBed.inject(Router);
    expect(router.url).toBe('/');
    expect(router.lastSuccessfulNavigation()?.extras.state?.[RECOVERY_CODES_LEFT_STATE]).toBe(3);
  });

  it('goes on to the page the login remembered', async () => {
    await render('code', { returnUrl: '/admin/audit' });
    await send('123456');
    http.expectOne('/api/auth/mfa/code').flush(aSession());
    await fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/admin/audit');
  });
});

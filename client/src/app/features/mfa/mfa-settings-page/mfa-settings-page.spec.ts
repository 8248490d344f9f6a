import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import { buttonNamed, textOf, type } from '../../../testing/dom';
import { anErrorBody } from '../../../testing/factories';
import { setUpRouter, stubRoute } from '../../../testing/router';
import { MfaStatus } from '../mfa-api';
import { MfaSettingsPage } from './mfa-settings-page';
import { answerConfirmation } from '../../../testing/confirmation';

const OFF: MfaStatus = { enabled: false, enabledAt: null, recoveryCodesRemaining: 0 };
const ON: MfaStatus = {
  enabled: true,
  enabledAt: '2026-11-28T01:02:03.000Z',
  recoveryCodesRemaining: 7,
};
const CODES = Array.from({ length: 10 }, (_, i) => `code-${i}`);

describe(MfaSettingsPage.name, () => {
  let fixture: ComponentFixture<MfaSettingsPage>;
  let sut: HTMLElement;
  let http: HttpTestingController;

  async function render(status: MfaStatus): Promise<void> {
    setUpRouter([stubRoute('settings')]);
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(MfaSettingsPage);
    sut = fixture.nativeElement as HTMLElement;
    http.expectOne({ method: 'GET', url: '/api/mfa' }).flush(status);
    await fixture.whenStable();
  }

  afterEach(() => {
    answerConfirmation(http);
    http.verify();
  });

  /** The account's sessions, asked after a change: this one, and `others` elsewhere. */
  async function sessions(others: number): Promise<void> {
    const session = (id: string, current: boolean) => ({
      id,
      current,
      browser: 'Chrome',
      system: 'Windows',
      ipAddress: '203.0.113.7',
      signedInAt: '2026-11-28T05:40:00.000Z',
      lastActiveAt: '2026-11-28T05:40:00.000Z',
    });
    http
      .expectOne({ method: 'GET', url: '/api/sessions' })
      .flush([
        session('this', true),
        ...Array.from({ length: others }, (_, i) => session(`other-${i}`, false)),
      ]);
    await fixture.whenStable();
  }

  /** The recovery codes name the product in their file. */
  async function config(): Promise<void> {
    http.expectOne('/api/config').flush({
      productName: 'Tobira',
      supportUrl: 'https://support.example.com/',
      supportUrlMfa: 'https://support.example.com/',
      supportUrlPassword: 'https://support.example.com/',
      temporaryPasswordDays: 7,
      sessionIdleMinutes: 30,
    });
    await fixture.whenStable();
  }

  async function answer(url: string, body: object, status = 200): Promise<void> {
    http.expectOne({ method: 'POST', url }).flush(body, { status, statusText: String(status) });
    await fixture.whenStable();
  }

  it('turns MFA on: QR code and key, a code, then the recovery codes once', async () => {
    await render(OFF);
    expect(textOf(sut.querySelector('[data-testid="mfa-status"]'))).toContain('無効');

    buttonNamed(sut, '多要素認証を有効にする').click();
    await answer('/api/mfa/enrollment', {
      qrCodeDataUrl: 'data:image/svg+xml;base64,PHN2Zy8+',
      key: 'ABCD EFGH',
      otpauthUri: 'otpauth://totp/Tobira:yamada?secret=ABCDEFGH',
    });
    expect(sut.querySelector('img')?.getAttribute('src')).toBe(
      'data:image/svg+xml;base64,PHN2Zy8+',
    );
    expect(sut.querySelector('img')?.getAttribute('alt')).toBeTruthy();
    expect(textOf(sut.querySelector('[data-testid="mfa-key"]'))).toBe('ABCD EFGH');
    // On a phone: the authenticator app's own link, and the key to copy.
    const appLink = Array.from(sut.querySelectorAll('a')).find(
      (a) => textOf(a) === '認証アプリで開く',
    );
    expect(appLink?.getAttribute('href')).toBe('otpauth://totp/Tobira:yamada?secret=ABCDEFGH');
    expect(buttonNamed(sut, 'キーをコピー').getAttribute('aria-describedby')).toBe('mfa-key-value');
    expect(sut.querySelector('#mfa-confirm-code')?.getAttribute('autocomplete')).toBe(
      'one-time-code',
    );

    type(sut, '#mfa-confirm-code', '123456');
    buttonNamed(sut, '有効にする').click();
    await fixture.whenStable();
    const confirm = http.expectOne('/api/mfa/enrollment/confirm');
    expect(confirm.request.body).toEqual({ code: '123456' });
    confirm.flush({ recoveryCodes: CODES });
    await fixture.whenStable();
    await sessions(1);
    await config();

    expect(sut.querySelectorAll('[data-testid="recovery-codes"] li')).toHaveLength(10);
    sut.querySelector<HTMLInputElement>('#recovery-codes-saved')!.click();
    buttonNamed(sut, '完了').click();
    await fixture.whenStable();
    http.expectOne('/api/mfa').flush({ ...ON, recoveryCodesRemaining: 10 });
    await fixture.whenStable();
    expect(textOf(sut.querySelector('[role="status"]'))).toBe('多要素認証は有効です。');
    expect(textOf(sut.querySelector('[data-testid="mfa-status"]'))).toContain('10 個');
    expect(sut.querySelector('[data-testid="mfa-end-others"]')).not.toBeNull();
  });

  describe('offer to end the other sessions', () => {
    async function disableWith(password: string): Promise<void> {
      type(sut, '#mfa-disable-password', password);
      buttonNamed(sut, '多要素認証を無効にする').click();
      await fixture.whenStable();
      await answer('/api/mfa/disable', OFF);
      await sessions(2);
    }

    it('is not made when no other session is signed in', async () => {
      await render(ON);
      type(sut, '#mfa-disable-password', 'Right-Pass-01');
      buttonNamed(sut, '多要素認証を無効にする').click();
      await fixture.whenStable();
      await answer('/api/mfa/disable', OFF);
      await sessions(0);
      expect(sut.querySelector('[data-testid="mfa-end-others"]')).toBeNull();
    });

    it('is not made before a change', async () => {
      await render(ON);
      expect(sut.querySelector('[data-testid="mfa-end-others"]')).toBeNull();
      expect(() => buttonNamed(sut, '他の端末のセッションを終了する')).toThrow();
    });

    it('after turning MFA off, asks for the password again and says how many sessions ended', async () => {
      await render(ON);
      await disableWith('Right-Pass-01');
      // The password typed for the change is not kept for this one.
      expect(sut.querySelector<HTMLInputElement>('#mfa-end-others-password')!.value).toBe('');

      buttonNamed(sut, '他の端末のセッションを終了する').click();
      await fixture.whenStable();
      http.expectNone('/api/sessions/end-others');
      expect(textOf(sut.querySelector('#mfa-end-others-password-error'))).toContain(
        '現在のパスワードを入力してください。',
      );

      type(sut, '#mfa-end-others-password', 'Right-Pass-01');
      buttonNamed(sut, '他の端末のセッションを終了する').click();
      await fixture.whenStable();
      const request = http.expectOne({ method: 'POST', url: '/api/sessions/end-others' });
      expect(request.request.body).toEqual({ currentPassword: 'Right-Pass-01' });
      request.flush({ ended: 2 });
      await fixture.whenStable();

      expect(textOf(sut.querySelector('[role="status"]'))).toBe(
        '他の端末のセッションを2件終了しました。',
      );
      expect(sut.querySelector('[data-testid="mfa-end-others"]')).toBeNull();
    });

    it('after a step that took the password, ends them without asking for it again', async () => {
      await render(ON);
      answerConfirmation(http);
      await disableWith('Right-Pass-01');
      // The server holds the password typed for the change for a few minutes.
      answerConfirmation(http, 280);
      await fixture.whenStable();

      expect(sut.querySelector('#mfa-end-others-password')).toBeNull();
      expect(textOf(sut.querySelector('[data-testid="mfa-end-others"]'))).toContain(
        'パスワードは確認済みです。',
      );
      buttonNamed(sut, '他の端末のセッションを終了する').click();
      await fixture.whenStable();
      const request = http.expectOne({ method: 'POST', url: '/api/sessions/end-others' });
      expect(request.request.body).toEqual({ currentPassword: '' });
      request.flush({ ended: 2 });
      await fixture.whenStable();
      expect(textOf(sut.querySelector('[role="status"]'))).toBe(
        '他の端末のセッションを2件終了しました。',
      );
    });

    it('brings the password field back when the server asks for it after all', async () => {
      await render(ON);
      answerConfirmation(http, 280);
      await fixture.whenStable();
      expect(sut.querySelector('#mfa-regenerate-password')).toBeNull();

      buttonNamed(sut, 'リカバリーコードを再発行する').click();
      await fixture.whenStable();
      await answer(
        '/api/mfa/recovery-codes',
        anErrorBody(400, 'VALIDATION_FAILED', [{ field: 'currentPassword', code: 'REQUIRED' }]),
        400,
      );
      expect(sut.querySelector('#mfa-regenerate-password')).not.toBeNull();
      expect(textOf(sut.querySelector('#mfa-regenerate-password-error'))).not.toBe('');
    });

    it('says so when there was no other session, and shows a wrong password at the field', async () => {
      await render(ON);
      await disableWith('Right-Pass-01');

      type(sut, '#mfa-end-others-password', 'wrong');
      buttonNamed(sut, '他の端末のセッションを終了する').click();
      await fixture.whenStable();
      await answer(
        '/api/sessions/end-others',
        anErrorBody(400, 'VALIDATION_FAILED', [
          { field: 'currentPassword', code: 'CURRENT_PASSWORD_INCORRECT' },
        ]),
        400,
      );
      expect(textOf(sut.querySelector('#mfa-end-others-password-error'))).toContain(
        '現在のパスワードが正しくありません。',
      );
      expect(sut.querySelector('[data-testid="mfa-end-others"]')).not.toBeNull();

      type(sut, '#mfa-end-others-password', 'Right-Pass-01');
      buttonNamed(sut, '他の端末のセッションを終了する').click();
      await fixture.whenStable();
      await answer('/api/sessions/end-others', { ended: 0 });
      expect(textOf(sut.querySelector('[role="status"]'))).toBe(
        '終了する他の端末のセッションはありませんでした。',
      );
    });

    it('after new recovery codes, once they are saved', async () => {
      await render(ON);
      type(sut, '#mfa-regenerate-password', 'Right-Pass-01');
      buttonNamed(sut, 'リカバリーコードを再発行する').click();
      await fixture.whenStable();
      await answer('/api/mfa/recovery-codes', { recoveryCodes: CODES });
      await sessions(1);
      await config();
      sut.querySelector<HTMLInputElement>('#recovery-codes-saved')!.click();
      buttonNamed(sut, '完了').click();
      await fixture.whenStable();
      http.expectOne('/api/mfa').flush(ON);
      await fixture.whenStable();

      type(sut, '#mfa-end-others-password', 'Right-Pass-01');
      buttonNamed(sut, '他の端末のセッションを終了する').click();
      await fixture.whenStable();
      await answer('/api/sessions/end-others', { ended: 1 });
      expect(textOf(sut.querySelector('[role="status"]'))).toBe(
        '他の端末のセッションを1件終了しました。',
      );
    });
  });

  it('shows a wrong confirmation code at the field', async () => {
    await render(OFF);
    buttonNamed(sut, '多要素認証を有効にする').click();
    await answer('/api/mfa/enrollment', { qrCodeDataUrl: 'data:,', key: 'K', otpauthUri: 'u' });
    type(sut, '#mfa-confirm-code', '123456');
    buttonNamed(sut, '有効にする').click();
    await fixture.whenStable();
    await answer(
      '/api/mfa/enrollment/confirm',
      anErrorBody(400, 'VALIDATION_FAILED', [{ field: 'code', code: 'MFA_CODE_INVALID' }]),
      400,
    );
    expect(textOf(sut.querySelector('#mfa-confirm-code-error'))).toContain(
      'コードが正しくありません。',
    );
  });

  it('shows the state, and turns MFA off only with the current password', async () => {
    await render(ON);
    const status = textOf(sut.querySelector('[data-testid="mfa-status"]'));
    expect(status).toContain('有効');
    expect(status).toContain('7 個');

    buttonNamed(sut, '多要素認証を無効にする').click();
    await fixture.whenStable();
    expect(textOf(sut.querySelector('[role="alert"]'))).toContain(
      '現在のパスワードを入力してください。',
    );
    http.expectNone('/api/mfa/disable');

    type(sut, '#mfa-disable-password', 'wrong');
    buttonNamed(sut, '多要素認証を無効にする').click();
    await fixture.whenStable();
    await answer(
      '/api/mfa/disable',
      anErrorBody(400, 'VALIDATION_FAILED', [
        { field: 'currentPassword', code: 'CURRENT_PASSWORD_INCORRECT' },
      ]),
      400,
    );
    expect(textOf(sut.querySelector('#mfa-disable-password-error'))).toContain(
      '現在のパスワードが正しくありません。',
    );

    type(sut, '#mfa-disable-password', 'Right-Pass-01');
    buttonNamed(sut, '多要素認証を無効にする').click();
    await fixture.whenStable();
    await answer('/api/mfa/disable', OFF);
    await sessions(0);
    expect(textOf(sut.querySelector('[role="status"]'))).toBe('多要素認証を無効にしました。');
  });

  it('shows new recovery codes after the current password', async () => {
    await render(ON);
    type(sut, '#mfa-regenerate-password', 'Right-Pass-01');
    buttonNamed(sut, 'リカバリーコードを再発行する').click();
    await fixture.whenStable();
    const request = http.expectOne('/api/mfa/recovery-codes');
    expect(request.request.body).toEqual({ currentPassword: 'Right-Pass-01' });
    request.flush({ recoveryCodes: CODES });
    await fixture.whenStable();
    await sessions(0);
    await config();
    expect(sut.querySelectorAll('[data-testid="recovery-codes"] li')).toHaveLength(10);
  });
});

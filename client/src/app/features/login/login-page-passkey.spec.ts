import { HttpErrorResponse } from '@angular/common/http';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { Observable, of, throwError } from 'rxjs';
import { Session } from '../../core/session/session';
import { SessionStore } from '../../core/session/session-store';
import { RELOAD_PAGE } from '../../shared/language-switch/language-switch';
import { buttonNamed, textOf } from '../../testing/dom';
import { aSession, anErrorBody } from '../../testing/factories';
import { setUpRouter, stubRoute } from '../../testing/router';
import { PasskeysApi } from '../passkeys/passkeys-api';
import { LoginPage } from './login-page';

/** 「パスキーでログイン」: the browser's ceremony and the server are behind PasskeysApi. */
describe(`${LoginPage.name} with a passkey`, () => {
  let fixture: ComponentFixture<LoginPage>;
  let sut: HTMLElement;
  let answer: () => Observable<Session>;
  const calls: boolean[] = [];

  beforeEach(async () => {
    calls.length = 0;
    setUpRouter(
      [{ path: 'login', component: LoginPage }, stubRoute(''), stubRoute('password/required')],
      [
        { provide: RELOAD_PAGE, useValue: () => undefined },
        {
          provide: PasskeysApi,
          useValue: {
            signIn: (autofill: boolean) => {
              calls.push(autofill);
              return answer();
            },
          },
        },
      ],
    );
    answer = () => of(aSession());
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/login');
    fixture = harness.fixture as ComponentFixture<unknown> as ComponentFixture<LoginPage>;
    sut = harness.routeNativeElement!;
  });

  async function press(): Promise<void> {
    buttonNamed(sut, 'パスキーでログイン').click();
    await fixture.whenStable();
  }

  function summary(): string[] {
    return Array.from(sut.querySelectorAll('[role="alert"] li')).map((li) => textOf(li));
  }

  it('offers the passkey below the manual’s form, and autofill on ユーザ名', () => {
    const form = sut.querySelector('form')!;
    const button = buttonNamed(sut, 'パスキーでログイン');
    expect(form.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(button.type).toBe('button');
    expect(sut.querySelector('#login-username')?.getAttribute('autocomplete')).toBe(
      'username webauthn',
    );
  });

  it('signs in and goes on to the forced password change when the password is temporary', async () => {
    answer = () => of(aSession({ passwordChangeRequired: true }));

    await press();

    expect(calls).toEqual([false]);
    expect(TestBed.inject(SessionStore).session()?.passwordChangeRequired).toBe(true);
    expect(TestBed.inject(Router).url).toBe('/password/required');
  });

  it.each([
    [
      new DOMException('cancelled', 'NotAllowedError'),
      'パスキーの操作が取り消されたか、時間切れになりました。もう一度お試しください。',
    ],
    [
      new HttpErrorResponse({
        status: 400,
        error: anErrorBody(400, 'VALIDATION_FAILED', [
          { field: 'credential', code: 'PASSKEY_UNKNOWN_CREDENTIAL' },
        ]),
      }),
      'このパスキーは登録されていません。登録済みのパスキーを選択してください。',
    ],
    [
      new HttpErrorResponse({ status: 403, error: anErrorBody(403, 'ACCOUNT_LOCKED') }),
      'このアカウントはロックされています。しばらく待ってから再度お試しいただくか、アカウント管理者にお問い合わせください。',
    ],
    [
      new HttpErrorResponse({ status: 403, error: anErrorBody(403, 'ACCOUNT_DISABLED') }),
      'このアカウントは無効になっています。アカウント管理者にお問い合わせください。',
    ],
  ])('says why a passkey sign-in failed (%s)', async (error, message) => {
    answer = () => throwError(() => error);

    await press();

    expect(summary()).toEqual([message]);
    expect(TestBed.inject(SessionStore).signedIn()).toBe(false);
    expect(TestBed.inject(Router).url).toBe('/login');
  });
});

import { TestBed } from '@angular/core/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import { Router } from '@angular/router';
import { SessionStore } from '../../../core/session/session-store';
import { buttonNamed, textOf, type } from '../../../testing/dom';
import { aManualPolicy, aSession } from '../../../testing/factories';
import { setUpRouter, stubRoute } from '../../../testing/router';
import { PasswordRequiredPage } from './password-required-page';

describe(PasswordRequiredPage.name, () => {
  it('explains why, and opens the menu once the password is changed', async () => {
    setUpRouter([stubRoute(''), stubRoute('password/required')]);
    TestBed.inject(SessionStore).set(aSession({ passwordChangeRequired: true }));
    await TestBed.inject(Router).navigateByUrl('/password/required');
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(PasswordRequiredPage);
    const sut = fixture.nativeElement as HTMLElement;
    http.expectOne('/api/password-policy').flush(aManualPolicy());
    await fixture.whenStable();

    expect(textOf(sut.querySelector('h1'))).toBe('パスワード変更');
    expect(textOf(sut)).toContain(
      'このアカウントの利用を開始するためにはパスワードを変更する必要があります。',
    );

    type(sut, '#current-password', 'Temp#Pass01');
    type(sut, '#new-password', 'Sakura-2025-spring');
    type(sut, '#new-password-confirmation', 'Sakura-2025-spring');
    buttonNamed(sut, '変更').click();
    http.expectOne({ method: 'POST', url: '/api/auth/password' }).flush(aSession());
    await fixture.whenStable();

    expect(TestBed.inject(SessionStore).passwordChangeRequired()).toBe(false);
    expect(TestBed.inject(Router).url).toBe('/');
  });

  it('goes on to the remembered page (an application sign-in) once the password is changed', async () => {
    setUpRouter([
      stubRoute(''),
      stubRoute('password/required'),
      stubRoute('connect/continue/:uid'),
    ]);
    TestBed.inject(SessionStore).set(aSession({ passwordChangeRequired: true }));
    await TestBed.inject(Router).navigateByUrl(
      '/password/required?returnUrl=%2Fconnect%2Fcontinue%2Fabc',
    );
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(PasswordRequiredPage);
    const sut = fixture.nativeElement as HTMLElement;
    http.expectOne('/api/password-policy').flush(aManualPolicy());
    await fixture.whenStable();

    type(sut, '#current-password', 'Temp#Pass01');
    type(sut, '#new-password', 'Sakura-2025-spring');
    type(sut, '#new-password-confirmation', 'Sakura-2025-spring');
    buttonNamed(sut, '変更').click();
    http.expectOne({ method: 'POST', url: '/api/auth/password' }).flush(aSession());
    await fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/connect/continue/abc');
  });
});

import { TestBed } from '@angular/core/testing';
import { provideHttpClient, withXhr } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { SessionStore } from '../../../core/session/session-store';
import { buttonNamed, textOf, type } from '../../../testing/dom';
import { aManualPolicy, aSession } from '../../../testing/factories';
import { PasswordPage } from './password-page';

describe(PasswordPage.name, () => {
  it('confirms a successful change in place, moves focus there and clears the form', async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withXhr()), provideHttpClientTesting()],
    });
    TestBed.inject(SessionStore).set(aSession());
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(PasswordPage);
    const sut = fixture.nativeElement as HTMLElement;
    document.body.appendChild(sut);
    http.expectOne('/api/password-policy').flush(aManualPolicy());
    await fixture.whenStable();

    expect(textOf(sut.querySelector('h1'))).toBe('パスワード変更');
    expect(textOf(sut)).not.toContain('このアカウントの利用を開始するためには');
    expect(sut.querySelector('[role="status"]')).toBeNull();

    type(sut, '#current-password', 'Sakura-2025-spring');
    type(sut, '#new-password', 'Momiji-2025-autumn');
    type(sut, '#new-password-confirmation', 'Momiji-2025-autumn');
    buttonNamed(sut, '変更').click();
    http.expectOne({ method: 'POST', url: '/api/auth/password' }).flush(aSession());
    await fixture.whenStable();

    const notice = sut.querySelector<HTMLElement>('[role="status"]');
    expect(textOf(notice)).toBe('パスワードを変更しました。');
    expect(document.activeElement).toBe(notice);
    expect(sut.querySelector<HTMLInputElement>('#current-password')?.value).toBe('');
    http.verify();
    sut.remove();
  });
});

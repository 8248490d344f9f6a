import { PLATFORM_ID } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import { Router } from '@angular/router';
import { RELOAD_PAGE } from '../../shared/language-switch/language-switch';
import { aSession } from '../../testing/factories';
import { setUpRouter, stubRoute } from '../../testing/router';
import { Session } from '../session/session';
import { SessionStore } from '../session/session-store';
import { Shell, formatExpiry } from './shell';

describe(Shell.name, () => {
  let fixture: ComponentFixture<Shell>;

  async function render(session: Session): Promise<HTMLElement> {
    TestBed.inject(SessionStore).set(session);
    fixture = TestBed.createComponent(Shell);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  function text(element: Element | null): string {
    return (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
  }

  beforeEach(() => {
    setUpRouter(
      [stubRoute(''), stubRoute('login'), stubRoute('settings'), stubRoute('password')],
      [{ provide: RELOAD_PAGE, useValue: () => undefined }],
    );
  });

  it.each([
    ['user', false],
    ['admin', true],
  ] as const)('offers 「アカウント管理」 in the menu to a %s: %s', async (role, offered) => {
    const sut = await render(aSession({ role }));
    const links = Array.from(sut.querySelectorAll('.site-nav__link')).map((a) => text(a));
    expect(links.includes('アカウント管理')).toBe(offered);
  });

  it('shows 「-」 when the account has no expiry date', async () => {
    const sut = await render(aSession({ expiresOn: null }));
    expect(text(sut.querySelector('.account__item'))).toBe('アカウント有効期限: -');
    expect(sut.querySelector('time')).toBeNull();
  });

  it('shows the expiry date as YYYY/MM/DD', async () => {
    const sut = await render(aSession({ expiresOn: '2027-03-31' }));
    expect(text(sut.querySelector('.account__item'))).toBe('アカウント有効期限: 2027/03/31');
    expect(sut.querySelector('time')?.getAttribute('datetime')).toBe('2027-03-31');
  });

  it.each([
    ['user', '一般ユーザ'],
    ['admin', 'アカウント管理者'],
  ] as const)('labels the role %s as 「%s」', async (role, label) => {
    const sut = await render(aSession({ role }));
    expect(text(sut.querySelector('.account__role .room__value'))).toBe(label);
  });

  it('keeps the room of the longest role label, invisible to screen readers', async () => {
    const sut = await render(aSession({ role: 'user' }));
    const room = Array.from(sut.querySelectorAll('.account__role .room__space'));
    expect(room.map((space) => [text(space), space.getAttribute('aria-hidden')])).toEqual([
      ['一般ユーザ', 'true'],
      ['アカウント管理者', 'true'],
    ]);
  });

  it('prerendered for whoever signs in: the menu with the administrator entry marked as such', async () => {
    TestBed.configureTestingModule({ providers: [{ provide: PLATFORM_ID, useValue: 'server' }] });
    fixture = TestBed.createComponent(Shell);
    await fixture.whenStable();
    const sut = fixture.nativeElement as HTMLElement;
    const links = Array.from(sut.querySelectorAll('.site-nav__link'));
    expect(links.map((a) => text(a))).toEqual([
      'トップ',
      '管理機能利用設定',
      'パスワード変更',
      'アカウント管理',
    ]);
    expect(links.map((a) => a.closest('li')?.hasAttribute('data-admin-only'))).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });

  it('leaves the administrator entry unmarked in the browser', async () => {
    const sut = await render(aSession({ role: 'admin' }));
    expect(sut.querySelector('[data-admin-only]')).toBeNull();
  });

  it('offers the three menu entries with the active one marked', async () => {
    const sut = await render(aSession());
    await TestBed.inject(Router).navigateByUrl('/settings');
    await fixture.whenStable();

    const links = Array.from(sut.querySelectorAll('nav a'));
    expect(links.map((link) => text(link))).toEqual([
      'トップ',
      '管理機能利用設定',
      'パスワード変更',
    ]);
    expect(links.map((link) => link.getAttribute('aria-current'))).toEqual([null, 'page', null]);
  });

  it('hides the menu while the password must be changed', async () => {
    const sut = await render(aSession({ passwordChangeRequired: true }));
    expect(sut.querySelector('nav')).toBeNull();
    expect(text(sut.querySelector('header button.button--secondary'))).toBe('ログアウト');
  });

  it('signs out and goes to the login page', async () => {
    const sut = await render(aSession());
    const logout = Array.from(sut.querySelectorAll('button')).find(
      (button) => text(button) === 'ログアウト',
    );
    logout?.click();
    TestBed.inject(HttpTestingController)
      .expectOne({ method: 'POST', url: '/api/auth/logout' })
      .flush({ signedOut: true });
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));

    expect(TestBed.inject(SessionStore).session()).toBeNull();
    expect(TestBed.inject(Router).url).toBe('/login');
  });
});

describe(formatExpiry.name, () => {
  it('writes an ISO date the way the manual does', () => {
    expect(formatExpiry('2027-01-05')).toBe('2027/01/05');
  });
});

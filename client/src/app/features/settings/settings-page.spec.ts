import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import { textOf } from '../../testing/dom';
import { setUpRouter } from '../../testing/router';
import { SettingsPage } from './settings-page';

describe(SettingsPage.name, () => {
  let fixture: ComponentFixture<SettingsPage>;
  let sut: HTMLElement;
  let http: HttpTestingController;

  beforeEach(() => {
    setUpRouter([]);
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SettingsPage);
    sut = fixture.nativeElement as HTMLElement;
  });

  it('lists the submenu entries', async () => {
    http.expectOne('/api/config').flush({ productName: 'Tobira', supportUrl: '' });
    await fixture.whenStable();
    const links = Array.from(sut.querySelectorAll('.menu-card'));
    expect(
      links.map((link) => [
        textOf(link.querySelector('.menu-card__title')),
        link.getAttribute('href'),
      ]),
    ).toEqual([
      ['多要素認証', '/settings/mfa'],
      ['パスキー', '/settings/passkeys'],
      ['パスワード変更', '/password'],
      ['ログイン中のセッション', '/settings/sessions'],
      ['最近のアクティビティ', '/settings/activity'],
    ]);
    // Each entry says what it is for.
    expect(links.every((link) => textOf(link.querySelector('.menu-card__text')) !== '')).toBe(true);
  });

  it('links each function’s support page, as the manual lists them', async () => {
    http.expectOne('/api/config').flush({
      productName: 'ココナワーク',
      supportUrl: 'https://support.example.com/',
      supportUrlMfa: 'https://support.example.com/mfa',
      supportUrlPassword: 'https://support.example.com/password',
      temporaryPasswordDays: 7,
      sessionIdleMinutes: 30,
    });
    await fixture.whenStable();
    const support = sut.querySelector('.support');
    expect(textOf(support?.querySelector('p') ?? null)).toBe(
      'それぞれの機能の詳しい解説や手順はサポートページをご確認ください。',
    );
    const links = Array.from(support?.querySelectorAll('li') ?? []);
    expect(links.map((li) => textOf(li))).toEqual([
      '多要素認証: 「管理機能へのログインに多要素認証を利用する」',
      'パスワード変更: 「ココナワークのパスワードを変更する」',
    ]);
    expect(links.map((li) => li.querySelector('a')?.getAttribute('href'))).toEqual([
      'https://support.example.com/mfa',
      'https://support.example.com/password',
    ]);
  });

  it('keeps the sentence without links when the configuration cannot be read', async () => {
    http.expectOne('/api/config').error(new ProgressEvent('error'));
    await fixture.whenStable();
    expect(textOf(sut.querySelector('.support'))).toContain('サポートページをご確認ください。');
    expect(sut.querySelector('.support a')).toBeNull();
  });
});

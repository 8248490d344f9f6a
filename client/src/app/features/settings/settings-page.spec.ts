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
  });

  it('links the support page the deployment configured', async () => {
    http
      .expectOne('/api/config')
      .flush({ productName: 'Tobira', supportUrl: 'https://support.example.com/tobira' });
    await fixture.whenStable();
    const support = sut.querySelector('.support');
    expect(textOf(support)).toBe(
      'それぞれの機能の詳しい解説や手順はサポートページをご確認ください。',
    );
    expect(support?.querySelector('a')?.getAttribute('href')).toBe(
      'https://support.example.com/tobira',
    );
  });

  it('keeps the sentence without a link when the configuration cannot be read', async () => {
    http.expectOne('/api/config').error(new ProgressEvent('error'));
    await fixture.whenStable();
    expect(textOf(sut.querySelector('.support'))).toContain('サポートページをご確認ください。');
    expect(sut.querySelector('.support a')).toBeNull();
  });
});

import { PLATFORM_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { SessionStore } from '../../core/session/session-store';
import { textOf } from '../../testing/dom';
import { aSession } from '../../testing/factories';
import { TopPage } from './top-page';

describe(TopPage.name, () => {
  async function render(): Promise<HTMLElement> {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    const fixture = TestBed.createComponent(TopPage);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('offers one card per management function, with what it is for', async () => {
    const sut = await render();
    const cards = Array.from(sut.querySelectorAll('a.menu-card'));
    expect(
      cards.map((card) => [
        textOf(card.querySelector('.menu-card__title')),
        textOf(card.querySelector('.menu-card__text')),
        card.getAttribute('href'),
      ]),
    ).toEqual([
      ['管理機能利用設定', '管理機能利用についての各種設定を管理することができます。', '/settings'],
      ['パスワード変更', '登録されているパスワードを変更することができます。', '/password'],
    ]);
  });

  it('offers account administration to account administrators only', async () => {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    TestBed.inject(SessionStore).set(aSession({ role: 'admin' }));
    const fixture = TestBed.createComponent(TopPage);
    await fixture.whenStable();
    const hrefs = Array.from(
      (fixture.nativeElement as HTMLElement).querySelectorAll('a.menu-card'),
    );
    expect(hrefs.map((a) => a.getAttribute('href'))).toEqual(['/settings', '/password', '/admin']);
    expect(textOf(hrefs[2].querySelector('.menu-card__title'))).toBe('アカウント管理');
  });

  it('prerendered for whoever signs in: the administration card too, marked as such', async () => {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), { provide: PLATFORM_ID, useValue: 'server' }],
    });
    const fixture = TestBed.createComponent(TopPage);
    await fixture.whenStable();
    const items = Array.from((fixture.nativeElement as HTMLElement).querySelectorAll('li'));
    expect(
      items.map((li) => [
        li.querySelector('a')?.getAttribute('href'),
        li.hasAttribute('data-admin-only'),
      ]),
    ).toEqual([
      ['/settings', false],
      ['/password', false],
      ['/admin', true],
    ]);
  });

  it('keeps the icon and the arrow out of what a screen reader reads', async () => {
    const sut = await render();
    for (const card of Array.from(sut.querySelectorAll('a.menu-card'))) {
      expect(card.firstElementChild?.matches('svg.menu-card__icon[aria-hidden="true"]')).toBe(true);
      expect(card.lastElementChild?.matches('.menu-card__arrow[aria-hidden="true"]')).toBe(true);
    }
  });
});

import { LOCALE_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { DOCUMENT } from '@angular/common';
import { LanguageSwitch, RELOAD_PAGE } from './language-switch';

describe(LanguageSwitch.name, () => {
  let reload: ReturnType<typeof vi.fn>;

  async function render(locale: string): Promise<HTMLButtonElement> {
    reload = vi.fn();
    TestBed.configureTestingModule({
      providers: [
        { provide: LOCALE_ID, useValue: locale },
        { provide: RELOAD_PAGE, useValue: reload },
      ],
    });
    const fixture = TestBed.createComponent(LanguageSwitch);
    await fixture.whenStable();
    const button = (fixture.nativeElement as HTMLElement).querySelector('button');
    if (!button) throw new Error('no button');
    return button;
  }

  afterEach(() => {
    TestBed.inject(DOCUMENT).cookie = 'tobira-lang=; Path=/; Max-Age=0';
  });

  it('offers English on the Japanese build, marked as English', async () => {
    const sut = await render('ja');
    expect(sut.textContent?.trim()).toBe('English');
    expect(sut.getAttribute('lang')).toBe('en');
  });

  it('offers Japanese on the English build, marked as Japanese', async () => {
    const sut = await render('en');
    expect(sut.textContent?.trim()).toBe('日本語');
    expect(sut.getAttribute('lang')).toBe('ja');
  });

  it('remembers the choice in the cookie the server reads, then reloads', async () => {
    const sut = await render('ja');
    sut.click();
    expect(TestBed.inject(DOCUMENT).cookie).toContain('tobira-lang=en');
    expect(reload).toHaveBeenCalledTimes(1);
  });
});

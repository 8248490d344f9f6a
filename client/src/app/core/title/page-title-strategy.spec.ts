import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { Router, TitleStrategy, provideRouter } from '@angular/router';
import { stubRoute } from '../../testing/router';
import { PageTitleStrategy } from './page-title-strategy';

describe(PageTitleStrategy.name, () => {
  it('names the tab after the screen and the product', async () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([stubRoute('settings', { title: '管理機能利用設定' }), stubRoute('')]),
        { provide: TitleStrategy, useClass: PageTitleStrategy },
      ],
    });
    const router = TestBed.inject(Router);

    await router.navigateByUrl('/settings');
    expect(TestBed.inject(Title).getTitle()).toBe('管理機能利用設定 | Tobira 管理機能');

    await router.navigateByUrl('/');
    expect(TestBed.inject(Title).getTitle()).toBe('Tobira 管理機能');
  });
});

import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { buttonNamed, textOf } from '../../testing/dom';
import { Pager } from './pager';

@Component({
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Pager],
  template: `<nav
    app-pager
    [page]="page()"
    [pageCount]="pageCount()"
    (pageChange)="asked.push($event)"
  ></nav>`,
})
class Host {
  readonly page = signal(1);
  readonly pageCount = signal(3);
  readonly asked: number[] = [];
}

describe(Pager.name, () => {
  let fixture: ComponentFixture<Host>;
  let sut: HTMLElement;

  beforeEach(async () => {
    fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    sut = (fixture.nativeElement as HTMLElement).querySelector('nav')!;
  });

  it('is the page’s labelled navigation with the position between 前へ and 次へ', () => {
    expect(sut.classList).toContain('pager');
    expect(sut.getAttribute('aria-label')).toBe('ページ送り');
    expect(textOf(sut)).toBe('前へ 1 / 3 ページ 次へ');
  });

  it('asks for the next and the previous page', async () => {
    fixture.componentInstance.page.set(2);
    await fixture.whenStable();
    buttonNamed(sut, '次へ').click();
    buttonNamed(sut, '前へ').click();
    expect(fixture.componentInstance.asked).toEqual([3, 1]);
  });

  it('offers no page before the first or after the last', async () => {
    expect(buttonNamed(sut, '前へ').disabled).toBe(true);
    expect(buttonNamed(sut, '次へ').disabled).toBe(false);
    fixture.componentInstance.page.set(3);
    await fixture.whenStable();
    expect(textOf(sut.querySelector('span'))).toBe('3 / 3 ページ');
    expect(buttonNamed(sut, '前へ').disabled).toBe(false);
    expect(buttonNamed(sut, '次へ').disabled).toBe(true);
  });
});

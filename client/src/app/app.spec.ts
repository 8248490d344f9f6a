import { Component, ChangeDetectionStrategy } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { App } from './app';

@Component({
  selector: 'app-first-page',
  changeDetection: ChangeDetectionStrategy.Eager,
  template: '<h1 tabindex="-1">一</h1>',
})
class FirstPage {}

@Component({
  selector: 'app-second-page',
  changeDetection: ChangeDetectionStrategy.Eager,
  template: '<h1 tabindex="-1">二</h1>',
})
class SecondPage {}

describe(App.name, () => {
  it('moves focus to the heading of each new screen, but not on the first load', async () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: '', component: FirstPage },
          { path: 'second', component: SecondPage },
        ]),
      ],
    });
    const fixture = TestBed.createComponent(App);
    const router = TestBed.inject(Router);

    await router.navigateByUrl('/');
    await fixture.whenStable();
    expect(document.activeElement?.tagName).not.toBe('H1');

    await router.navigateByUrl('/second');
    await fixture.whenStable();
    expect(document.activeElement?.textContent).toBe('二');
  });

  it('leaves the focus alone when only the query changes (a search, a page of a list)', async () => {
    TestBed.configureTestingModule({
      providers: [provideRouter([{ path: '', component: FirstPage }])],
    });
    const fixture = TestBed.createComponent(App);
    const router = TestBed.inject(Router);
    await router.navigateByUrl('/');
    await fixture.whenStable();
    const field = document.createElement('input');
    document.body.append(field);
    try {
      field.focus();
      await router.navigateByUrl('/?q=yamada');
      await fixture.whenStable();
      expect(document.activeElement).toBe(field);
    } finally {
      field.remove();
    }
  });
});

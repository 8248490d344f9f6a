import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { textOf } from '../../testing/dom';
import { OutcomeNotice } from './outcome-notice';

@Component({
  selector: 'app-host',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [OutcomeNotice],
  template: `<button type="button">押したボタン</button>
    <app-outcome-notice [status]="status()" [failure]="failure()" />`,
})
class Host {
  readonly status = signal<string | null>(null);
  readonly failure = signal<string | null>(null);
}

describe(OutcomeNotice.name, () => {
  it('shows nothing, then a success as a status and a failure as an alert, each focused', async () => {
    const fixture = TestBed.createComponent(Host);
    const sut = fixture.nativeElement as HTMLElement;
    document.body.appendChild(sut);
    await fixture.whenStable();
    expect(sut.querySelector('.notice')).toBeNull();

    fixture.componentInstance.status.set('保存しました。');
    await fixture.whenStable();
    const status = sut.querySelector<HTMLElement>('[role="status"]');
    expect(textOf(status)).toBe('保存しました。');
    expect(document.activeElement).toBe(status);

    fixture.componentInstance.status.set(null);
    fixture.componentInstance.failure.set('できませんでした。');
    await fixture.whenStable();
    const alert = sut.querySelector<HTMLElement>('[role="alert"]');
    expect(textOf(alert)).toBe('できませんでした。');
    expect(sut.querySelector('[role="status"]')).toBeNull();
    expect(document.activeElement).toBe(alert);
    sut.remove();
  });
});

import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { BusyButton } from './busy-button';

@Component({
  selector: 'app-host',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BusyButton],
  template: `<form (submit)="$event.preventDefault(); submits = submits + 1">
    <button type="submit" [appBusy]="busy()">送信</button>
  </form>`,
})
class Host {
  readonly busy = signal(false);
  submits = 0;
}

describe(BusyButton.name, () => {
  it('shows the wait in words and a spinner, and swallows presses while busy', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const button = (fixture.nativeElement as HTMLElement).querySelector('button');
    if (!button) throw new Error('no button');

    button.click();
    expect(fixture.componentInstance.submits).toBe(1);
    expect(button.getAttribute('aria-disabled')).toBeNull();

    fixture.componentInstance.busy.set(true);
    await fixture.whenStable();
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(button.disabled).toBe(false);
    expect(button.querySelector('.spinner')).not.toBeNull();
    expect(button.textContent).toContain('(処理しています)');
    button.click();
    button.click();
    expect(fixture.componentInstance.submits).toBe(1);

    fixture.componentInstance.busy.set(false);
    await fixture.whenStable();
    expect(button.querySelector('.spinner')).toBeNull();
    button.click();
    expect(fixture.componentInstance.submits).toBe(2);
  });
});

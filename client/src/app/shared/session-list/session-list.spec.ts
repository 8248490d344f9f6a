import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { tableRows, textOf } from '../../testing/dom';
import { aSessionSummary } from '../../testing/factories';
import { formatDateTime } from '../date-time/date-time';
import { SessionList, SessionSummary } from './session-list';

const OTHER = aSessionSummary({ id: '6f1c2a4e-0000-4000-8000-00000000000b' });
const MINE = aSessionSummary({
  id: '6f1c2a4e-0000-4000-8000-00000000000a',
  current: true,
  browser: 'Firefox 133',
  system: 'Linux',
  ipAddress: null,
});

@Component({
  selector: 'app-host',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [SessionList],
  template: `
    <h2 id="title">セッション</h2>
    @if (withActions()) {
      <app-session-list [sessions]="sessions()" labelledBy="title" [actions]="actions" />
    } @else {
      <app-session-list [sessions]="sessions()" labelledBy="title" />
    }
    <ng-template #actions let-session
      ><button type="button">終了 {{ session.id }}</button></ng-template
    >
  `,
})
class Host {
  readonly sessions = signal<readonly SessionSummary[]>([OTHER, MINE]);
  readonly withActions = signal(false);
}

describe(SessionList.name, () => {
  async function render(withActions: boolean): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(Host);
    fixture.componentInstance.withActions.set(withActions);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('lists the viewer’s own session first, marked, with “-” for what is not known', async () => {
    const sut = await render(false);

    expect(sut.querySelector('table')?.getAttribute('aria-labelledby')).toBe('title');
    expect(tableRows(sut)).toEqual([
      [
        'Firefox 133 この端末',
        'Linux',
        '-',
        formatDateTime(MINE.signedInAt),
        formatDateTime(MINE.lastActiveAt),
      ],
      [
        'Chrome 131',
        'Windows',
        '203.0.113.10',
        formatDateTime(OTHER.signedInAt),
        formatDateTime(OTHER.lastActiveAt),
      ],
    ]);
  });

  it('has no 操作 column without actions, and one filled by the template with them', async () => {
    expect(textOf((await render(false)).querySelector('thead'))).not.toContain('操作');

    const sut = await render(true);

    expect(textOf(sut.querySelector('thead'))).toContain('操作');
    expect(tableRows(sut).map((cells) => cells.at(-1))).toEqual([
      `終了 ${MINE.id}`,
      `終了 ${OTHER.id}`,
    ]);
  });
});

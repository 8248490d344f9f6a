import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, TemplateRef, computed, input } from '@angular/core';
import { formatDateTime } from '../date-time/date-time';

/**
 * One live session of an account, as the server describes it (SessionSummaryDto): at
 * `GET /api/sessions` for the user's own, at `GET /api/admin/accounts/:id/sessions` for an
 * administrator's view of an account.
 */
export interface SessionSummary {
  readonly id: string;
  /** The session of the browser looking at the list. */
  readonly current: boolean;
  readonly browser: string | null;
  readonly system: string | null;
  readonly ipAddress: string | null;
  /** ISO instants. */
  readonly signedInAt: string;
  readonly lastActiveAt: string;
}

/** A session as a row shows it. */
export interface SessionRow extends SessionSummary {
  readonly signedIn: string;
  readonly lastActive: string;
}

/**
 * The table of an account's sessions: browser (with 「この端末」 on the viewer's own), OS, address,
 * sign-in and last activity; on a phone each row is a card with its labels. A page that lets the
 * user act on a session gives `actions`, a template for each row's 操作 cell.
 */
@Component({
  selector: 'app-session-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [NgTemplateOutlet],
  templateUrl: './session-list.html',
})
export class SessionList {
  readonly sessions = input.required<readonly SessionSummary[]>();
  /** The id of the heading that names the table. */
  readonly labelledBy = input.required<string>();
  readonly actions = input<TemplateRef<{ $implicit: SessionRow }> | null>(null);

  /** The viewer's own session first, then the server's order (most recently active first). */
  protected readonly rows = computed<SessionRow[]>(() =>
    [...this.sessions()]
      .sort((a, b) => Number(b.current) - Number(a.current))
      .map((session) => ({
        ...session,
        signedIn: formatDateTime(session.signedInAt),
        lastActive: formatDateTime(session.lastActiveAt),
      })),
  );
}

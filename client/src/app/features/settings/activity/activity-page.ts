import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { activityActor, activityLabel } from '../../../shared/activity-labels/activity-labels';
import { formatDateTime } from '../../../shared/date-time/date-time';
import { ActivityApi, ActivityEvent } from './activity-api';

/** How much of an unrecognised User-Agent the table shows; the rest is in its title. */
const RAW_USER_AGENT_LENGTH = 40;

/** The server's summary of the browser; the start of the raw string when it had none. */
function browserOf({ userAgent, device }: ActivityEvent): string {
  if (!userAgent) return '-';
  if (device) return device;
  return userAgent.length > RAW_USER_AGENT_LENGTH
    ? `${userAgent.slice(0, RAW_USER_AGENT_LENGTH)}…`
    : userAgent;
}

/** 最近のアクティビティ: the account's recent security events, newest first, as the server keeps them. */
@Component({
  selector: 'app-activity-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  templateUrl: './activity-page.html',
})
export class ActivityPage {
  private readonly events = signal<readonly ActivityEvent[] | null>(null);
  protected readonly loadFailed = signal(false);

  protected readonly rows = computed(() =>
    this.events()?.map((event) => ({
      occurredAt: event.occurredAt,
      when: formatDateTime(event.occurredAt),
      label: activityLabel(event),
      actor: activityActor(event),
      ipAddress: event.ipAddress ?? '-',
      browser: browserOf(event),
      userAgent: event.userAgent,
    })),
  );

  constructor() {
    inject(ActivityApi)
      .recent()
      .subscribe({
        next: (events) => this.events.set(events),
        error: () => this.loadFailed.set(true),
      });
  }
}

import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { activityActor, activityLabel } from '../../../shared/activity-labels/activity-labels';
import { formatDateTime } from '../../../shared/date-time/date-time';
import { ActivityApi, ActivityEvent } from './activity-api';
import { summarizeUserAgent } from './user-agent';

/** How much of an unrecognised User-Agent the table shows; the rest is in its title. */
const RAW_USER_AGENT_LENGTH = 40;

function browserOf(userAgent: string | null): string {
  if (!userAgent) return '-';
  const summary = summarizeUserAgent(userAgent);
  if (summary) return summary;
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
      browser: browserOf(event.userAgent),
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

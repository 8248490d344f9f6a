import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  afterRenderEffect,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { HttpErrorResponse } from '@angular/common/http';
import { Router, RouterLink } from '@angular/router';
import { Observable } from 'rxjs';
import { SessionStore } from '../../../core/session/session-store';
import { formatDateTime } from '../../../shared/date-time/date-time';
import { EndedSessions, SessionSummary, SessionsApi } from './sessions-api';

/** The action waiting for a second press: one session by id, or every session but this one. */
type Confirming = { readonly scope: 'one'; readonly id: string } | { readonly scope: 'others' };

function othersEndedMessage(ended: number): string {
  if (ended === 0)
    return $localize`:@@sessions.status.noOthers:終了する他のセッションはありませんでした。`;
  if (ended === 1)
    return $localize`:@@sessions.status.othersEndedOne:他のセッションを1件終了しました。`;
  return $localize`:@@sessions.status.othersEnded:他のセッションを${ended}:count:件終了しました。`;
}

/**
 * ログイン中のセッション: where the account is signed in, and a way to end what the user does
 * not recognise. Every change reloads the list from the server, which decides what is left.
 */
@Component({
  selector: 'app-sessions-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  templateUrl: './sessions-page.html',
})
export class SessionsPage {
  private readonly api = inject(SessionsApi);
  private readonly store = inject(SessionStore);
  private readonly router = inject(Router);

  private readonly sessions = signal<readonly SessionSummary[] | null>(null);
  protected readonly loadFailed = signal(false);
  protected readonly confirming = signal<Confirming | null>(null);
  protected readonly status = signal<string | null>(null);
  protected readonly failure = signal<string | null>(null);
  private readonly pending = signal(false);

  /** This browser first, then the server's order (most recently active first). */
  protected readonly rows = computed(() => {
    const sessions = this.sessions();
    if (sessions === null) return null;
    return [...sessions]
      .sort((a, b) => Number(b.current) - Number(a.current))
      .map((session) => ({
        ...session,
        signedIn: formatDateTime(session.signedInAt),
        lastActive: formatDateTime(session.lastActiveAt),
      }));
  });
  protected readonly hasOthers = computed(() => this.rows()?.some((s) => !s.current) ?? false);

  private readonly notice = viewChild<ElementRef<HTMLElement>>('notice');
  private readonly confirmButton = viewChild<ElementRef<HTMLElement>>('confirmButton');

  constructor() {
    this.load();
    // The outcome of an action replaces the button that was pressed, so focus follows it there.
    afterRenderEffect(() => {
      if (this.status() ?? this.failure()) this.notice()?.nativeElement.focus();
    });
    afterRenderEffect(() => {
      if (this.confirming()) this.confirmButton()?.nativeElement.focus();
    });
  }

  protected isConfirming(id: string): boolean {
    const confirming = this.confirming();
    return confirming?.scope === 'one' && confirming.id === id;
  }

  protected confirmingOthers(): boolean {
    return this.confirming()?.scope === 'others';
  }

  protected ask(confirming: Confirming): void {
    this.status.set(null);
    this.failure.set(null);
    this.confirming.set(confirming);
  }

  protected cancel(): void {
    this.confirming.set(null);
  }

  protected endOne(id: string): void {
    this.run(
      this.api.end(id),
      () => $localize`:@@sessions.status.oneEnded:選択したセッションをログアウトさせました。`,
    );
  }

  protected endOthers(): void {
    this.run(this.api.endOthers(), ({ ended }) => othersEndedMessage(ended));
  }

  /** Ending this browser's session is signing out. */
  protected async signOut(): Promise<void> {
    await this.store.signOut();
    await this.router.navigateByUrl('/login');
  }

  private run(call: Observable<EndedSessions>, message: (result: EndedSessions) => string): void {
    if (this.pending()) return;
    this.pending.set(true);
    call.subscribe({
      next: (result) => {
        this.settle();
        this.status.set(message(result));
        this.load();
      },
      error: (error: unknown) => {
        this.settle();
        if (error instanceof HttpErrorResponse && error.status === 404) {
          // It timed out or was ended elsewhere in the meantime: the outcome the user wanted.
          this.status.set(
            $localize`:@@sessions.status.alreadyEnded:そのセッションはすでに終了していました。`,
          );
          this.load();
        } else {
          this.failure.set(
            $localize`:@@sessions.error.end:セッションを終了できませんでした。しばらくしてから再度お試しください。`,
          );
        }
      },
    });
  }

  private settle(): void {
    this.pending.set(false);
    this.confirming.set(null);
  }

  private load(): void {
    this.api.list().subscribe({
      next: (sessions) => {
        this.loadFailed.set(false);
        this.sessions.set(sessions);
      },
      error: () => this.loadFailed.set(true),
    });
  }
}

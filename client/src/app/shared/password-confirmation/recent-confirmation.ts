import { HttpClient } from '@angular/common/http';
import { DestroyRef, Injectable, inject, signal } from '@angular/core';

/** `GET /api/auth/password-confirmation` (docs/api.md). */
interface ConfirmationWindow {
  readonly confirmedUntil: string | null;
  readonly secondsLeft: number;
}

/** Ends the window this much early, so that a step sent at its very end is not refused. */
const MARGIN_MS = 10_000;

/**
 * Whether this session typed the password again a few minutes ago: the server then lets the next
 * confirmed steps of the same task leave it out (PASSWORD_CONFIRMATION_MINUTES), so that turning
 * MFA on, new recovery codes and ending the other sessions ask for it once. The server decides;
 * this only says when to show the field.
 */
@Injectable({ providedIn: 'root' })
export class RecentConfirmation {
  private readonly http = inject(HttpClient);
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** The password may be left out of the next confirmed step. */
  readonly active = signal(false);

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.timer));
  }

  /** Asks the server: on a page with confirmed steps, and after each step that sent the password. */
  refresh(): void {
    this.http.get<ConfirmationWindow>('/api/auth/password-confirmation').subscribe({
      next: ({ secondsLeft }) => this.hold(secondsLeft * 1000),
      error: () => this.hold(0),
    });
  }

  /** The server asked for the password after all: the window is over. */
  lapse(): void {
    this.hold(0);
  }

  private hold(ms: number): void {
    clearTimeout(this.timer);
    const left = ms - MARGIN_MS;
    this.active.set(left > 0);
    if (left > 0) this.timer = setTimeout(() => this.active.set(false), left);
  }
}

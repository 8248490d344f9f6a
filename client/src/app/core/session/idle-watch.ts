import { DOCUMENT } from '@angular/common';
import { Injectable, effect, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { AuthApi } from '../auth/auth-api';
import { IDLE_STATE, SIGNED_OUT_STATE, signInStep } from '../auth/return-url';
import { ConfigApi } from '../config/config-api';
import { FormDrafts } from './form-drafts';
import { SessionStore } from './session-store';
import { webStorage } from './web-storage';

/** Shared by the tabs of this browser: the last time any of them heard from the server. */
const ACTIVITY_KEY = 'tobira.lastActivity';
/** The server records activity at most once a minute, so its clock may run up to this far ahead. */
const SERVER_SLACK_MS = 60_000;
/** How long before the end the warning comes (less when the idle timeout itself is short). */
const WARNING_MS = 2 * 60_000;

/**
 * The idle timeout as the user meets it: a warning shortly before the server would end the
 * session for lack of requests, with 「ログインを続ける」 to extend it, and at the end a sign-out that
 * says why on the login page, instead of a form that fails when it is finally sent. Activity is a
 * successful request to the server (what the server counts), from any tab of this browser.
 */
@Injectable({ providedIn: 'root' })
export class IdleWatch {
  private readonly document = inject(DOCUMENT);
  private readonly store = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly auth = inject(AuthApi);
  private readonly config = inject(ConfigApi);
  private readonly drafts = inject(FormDrafts);

  /** When the session will end, while the warning is up; null otherwise. */
  readonly warningUntil = signal<Date | null>(null);

  private idleMs: number | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private started = false;

  constructor() {
    effect(() => {
      if (this.store.signedIn()) this.schedule();
      else this.stop();
    });
  }

  /** Starts watching (the shell calls it); idempotent. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.document.defaultView?.addEventListener('storage', (event) => {
      if (event.key === ACTIVITY_KEY) this.schedule();
    });
    this.config.get().subscribe({
      next: (config) => {
        if (config.sessionIdleMinutes > 0) this.idleMs = config.sessionIdleMinutes * 60_000;
        this.schedule();
      },
      error: () => undefined,
    });
  }

  /** A request succeeded: the server's idle clock started again. */
  activity(): void {
    this.write(Date.now());
    this.schedule();
  }

  /** 「ログインを続ける」: any signed-in request renews the server's clock. */
  async stayIn(): Promise<void> {
    try {
      this.store.set(await firstValueFrom(this.auth.session()));
    } catch {
      // A 401 here is handled by the next navigation or request; nothing more to do.
    }
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.idleMs === null || !this.store.signedIn()) return;
    const endsAt = this.last() + this.idleMs - SERVER_SLACK_MS;
    const warnAt = endsAt - Math.min(WARNING_MS, this.idleMs / 2);
    const now = Date.now();
    if (now >= endsAt) {
      void this.end();
    } else if (now >= warnAt) {
      this.warningUntil.set(new Date(endsAt));
      this.timer = setTimeout(() => this.schedule(), endsAt - now);
    } else {
      this.warningUntil.set(null);
      this.timer = setTimeout(() => this.schedule(), warnAt - now);
    }
  }

  private stop(): void {
    clearTimeout(this.timer);
    this.warningUntil.set(null);
  }

  /**
   * The server ends the session about now anyway; end it for sure and say why. What was typed on
   * the page is kept for after the next sign-in, which comes back to this page.
   */
  private async end(): Promise<void> {
    this.stop();
    const page = this.router.url;
    this.drafts.keep();
    await this.store.signOut();
    await this.router.navigateByUrl(signInStep(this.router, '/login', page), {
      state: { [SIGNED_OUT_STATE]: true, [IDLE_STATE]: true },
    });
  }

  private last(): number {
    const stored = Number(this.storage()?.getItem(ACTIVITY_KEY));
    return Number.isFinite(stored) && stored > 0 ? stored : Date.now();
  }

  private write(time: number): void {
    try {
      this.storage()?.setItem(ACTIVITY_KEY, String(time));
    } catch {
      // Storage may be off (private mode); this tab still keeps its own timer.
    }
  }

  private storage(): Storage | null {
    return webStorage(this.document, 'localStorage');
  }
}

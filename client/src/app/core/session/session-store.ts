import { Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { apiErrorOf } from '../api/api-error';
import { AuthApi } from '../auth/auth-api';
import { Session } from './session';

/**
 * The client's copy of the server's session. The server decides; this mirrors its last answer so
 * that guards and the shell can render without asking again.
 */
@Injectable({ providedIn: 'root' })
export class SessionStore {
  private readonly api = inject(AuthApi);
  private readonly state = signal<Session | null>(null);
  /** The server answered 403 MFA_REQUIRED: a session waits for its code (e.g. after a reload). */
  private readonly mfaPending = signal(false);

  readonly session = this.state.asReadonly();
  /** Fully signed in: the MFA code step, if any, is done. */
  readonly signedIn = computed(() => this.state() !== null && !this.mfaRequired());
  readonly mfaRequired = computed(() => this.mfaPending() || (this.state()?.mfaRequired ?? false));
  readonly passwordChangeRequired = computed(() => this.state()?.passwordChangeRequired ?? false);

  /** Asks the server who is signed in; any failure (401 or an unreachable server) means nobody. */
  async load(): Promise<void> {
    try {
      this.set(await firstValueFrom(this.api.session()));
    } catch (error: unknown) {
      this.clear();
      if (apiErrorOf(error)?.code === 'MFA_REQUIRED') this.mfaPending.set(true);
    }
  }

  set(session: Session): void {
    this.mfaPending.set(false);
    this.state.set(session);
  }

  clear(): void {
    this.mfaPending.set(false);
    this.state.set(null);
  }

  /** The server refused a call because the session still waits for its MFA code. */
  requireMfa(): void {
    this.mfaPending.set(true);
  }

  /** The server refused a call because the password is still temporary. */
  requirePasswordChange(): void {
    this.state.update((session) => session && { ...session, passwordChangeRequired: true });
  }

  /** Ends the session on the server; the local state is cleared even if that call fails. */
  async signOut(): Promise<void> {
    try {
      await firstValueFrom(this.api.logout());
    } catch {
      // A session that already ended on the server is as signed out as we want it.
    } finally {
      this.clear();
    }
  }
}

import { Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
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

  readonly session = this.state.asReadonly();
  readonly signedIn = computed(() => this.state() !== null);
  readonly passwordChangeRequired = computed(() => this.state()?.passwordChangeRequired ?? false);

  /** Asks the server who is signed in; any failure (401 or an unreachable server) means nobody. */
  async load(): Promise<void> {
    try {
      this.state.set(await firstValueFrom(this.api.session()));
    } catch {
      this.state.set(null);
    }
  }

  set(session: Session): void {
    this.state.set(session);
  }

  clear(): void {
    this.state.set(null);
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
      this.state.set(null);
    }
  }
}

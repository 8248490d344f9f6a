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
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { Observable } from 'rxjs';
import { ApiError, apiErrorOf } from '../../../core/api/api-error';
import { SessionStore } from '../../../core/session/session-store';
import { NgTemplateOutlet } from '@angular/common';
import { OutcomeNotice } from '../../../shared/outcome-notice/outcome-notice';
import { SessionList } from '../../../shared/session-list/session-list';
import { ErrorSummary, ErrorSummaryItem } from '../../../shared/error-summary/error-summary';
import { ConfirmPasswordField } from '../../../shared/password-confirmation/confirm-password-field';
import { RecentConfirmation } from '../../../shared/password-confirmation/recent-confirmation';
import { ConfirmPassword, EndedSessions, SessionSummary, SessionsApi } from './sessions-api';
import { BusyButton } from '../../../shared/busy/busy-button';

/**
 * The action waiting for the password and a second press: one session by id, or every session
 * but this one.
 */
type Confirming = { readonly scope: 'one'; readonly id: string } | { readonly scope: 'others' };

/** A problem with the password of the confirmation, by code; the server's words if it sent any. */
interface PasswordProblem {
  readonly code: string;
  readonly serverMessage?: string;
}

/** The id of the confirmation's password input (only one confirmation is open at a time). */
const PASSWORD_FIELD_ID = 'sessions-current-password';

function endFailedMessage(): string {
  return $localize`:@@sessions.error.end:セッションを終了できませんでした。しばらくしてから再度お試しください。`;
}

/** A problem in the client's language; the server's message only for codes it does not know. */
function passwordProblemMessage(problem: PasswordProblem): string {
  switch (problem.code) {
    case 'REQUIRED':
      return $localize`:@@sessions.error.passwordRequired:現在のパスワードを入力してください。`;
    case 'CURRENT_PASSWORD_INCORRECT':
      return $localize`:@@sessions.error.passwordIncorrect:現在のパスワードが正しくありません。`;
    default:
      return problem.serverMessage || endFailedMessage();
  }
}

/** The server's refusal of the password (a 400 on `currentPassword`), or nothing if not that. */
function refusedPassword(error: ApiError | null): PasswordProblem[] {
  if (error?.code !== 'VALIDATION_FAILED') return [];
  return error.errors
    .filter(({ field }) => field === 'currentPassword')
    .map(({ code, message }) => ({ code, serverMessage: message }));
}

function othersEndedMessage(ended: number): string {
  if (ended === 0)
    return $localize`:@@sessions.status.noOthers:終了する他のセッションはありませんでした。`;
  if (ended === 1)
    return $localize`:@@sessions.status.othersEndedOne:他のセッションを1件終了しました。`;
  return $localize`:@@sessions.status.othersEnded:他のセッションを${ended}:count:件終了しました。`;
}

/**
 * ログイン中のセッション: where the account is signed in, and a way to end what the user does
 * not recognise. Ending another session asks for the current password in the confirmation
 * (ASVS 7.5.2); a refused password keeps the confirmation open with the error at the field and in
 * the summary. Every change reloads the list from the server, which decides what is left.
 */
@Component({
  selector: 'app-sessions-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BusyButton,
    NgTemplateOutlet,
    OutcomeNotice,
    RouterLink,
    ReactiveFormsModule,
    ErrorSummary,
    ConfirmPasswordField,
    SessionList,
  ],
  templateUrl: './sessions-page.html',
})
export class SessionsPage {
  private readonly api = inject(SessionsApi);
  private readonly store = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly confirmation = inject(RecentConfirmation);

  protected readonly sessions = signal<readonly SessionSummary[] | null>(null);
  protected readonly loadFailed = signal(false);
  protected readonly confirming = signal<Confirming | null>(null);
  protected readonly status = signal<string | null>(null);
  protected readonly failure = signal<string | null>(null);
  protected readonly pending = signal(false);

  protected readonly passwordFieldId = PASSWORD_FIELD_ID;
  protected readonly form = inject(NonNullableFormBuilder).group({
    currentPassword: [''],
  });
  protected readonly problems = signal<readonly PasswordProblem[]>([]);
  protected readonly passwordErrors = computed(() =>
    this.problems().map((problem) => passwordProblemMessage(problem)),
  );
  protected readonly summary = computed<ErrorSummaryItem[]>(() =>
    this.passwordErrors().map((message) => ({ targetId: PASSWORD_FIELD_ID, message })),
  );

  protected readonly hasOthers = computed(() => this.sessions()?.some((s) => !s.current) ?? false);

  private readonly confirmForm = viewChild<ElementRef<HTMLElement>>('confirmForm');

  constructor() {
    this.load();
    this.confirmation.refresh();
    // A confirmation opens on the one thing it needs: the password, or the button when the
    // password is held from a step a moment ago.
    afterRenderEffect(() => {
      if (!this.confirming()) return;
      const form = this.confirmForm()?.nativeElement;
      form?.querySelector<HTMLElement>('input, button[type="submit"]')?.focus();
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
    this.clearConfirmation();
    this.confirming.set(confirming);
  }

  protected cancel(): void {
    this.clearConfirmation();
    this.confirming.set(null);
  }

  /** Sends the open confirmation: one session's end, or the others'. */
  protected end(): void {
    const confirming = this.confirming();
    if (confirming?.scope === 'one') {
      this.run(
        (confirmation) => this.api.end(confirming.id, confirmation),
        () => $localize`:@@sessions.status.oneEnded:選択したセッションをログアウトさせました。`,
      );
    } else if (confirming?.scope === 'others') {
      this.run(
        (confirmation) => this.api.endOthers(confirmation),
        ({ ended }) => othersEndedMessage(ended),
      );
    }
  }

  /** Ending this browser's session is signing out. */
  protected async signOut(): Promise<void> {
    await this.store.signOut();
    await this.router.navigateByUrl('/login');
  }

  /**
   * Checks the password is there, then sends it with the call. A refused password leaves the
   * confirmation open with the error; any other outcome closes it.
   */
  private run(
    call: (confirmation: ConfirmPassword) => Observable<EndedSessions>,
    message: (result: EndedSessions) => string,
  ): void {
    if (this.pending()) return;
    const { currentPassword } = this.form.controls;
    const missing = currentPassword.value === '' && !this.confirmation.active();
    this.problems.set(missing ? [{ code: 'REQUIRED' }] : []);
    if (this.problems().length > 0) return;

    this.pending.set(true);
    call({ currentPassword: currentPassword.value }).subscribe({
      next: (result) => {
        this.confirmation.refresh();
        this.settle();
        this.status.set(message(result));
        this.load();
      },
      error: (error: unknown) => {
        const refused = refusedPassword(apiErrorOf(error));
        if (refused.length > 0) {
          // Nothing was ended: the user may try again in the same confirmation, typing it.
          this.confirmation.lapse();
          this.pending.set(false);
          this.problems.set(refused);
          return;
        }
        this.settle();
        if (error instanceof HttpErrorResponse && error.status === 404) {
          // It timed out or was ended elsewhere in the meantime: the outcome the user wanted.
          this.status.set(
            $localize`:@@sessions.status.alreadyEnded:そのセッションはすでに終了していました。`,
          );
          this.load();
        } else {
          this.failure.set(endFailedMessage());
        }
      },
    });
  }

  private settle(): void {
    this.pending.set(false);
    this.clearConfirmation();
    this.confirming.set(null);
  }

  /** The typed password and its errors go when the confirmation closes or moves. */
  private clearConfirmation(): void {
    this.form.reset();
    this.problems.set([]);
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

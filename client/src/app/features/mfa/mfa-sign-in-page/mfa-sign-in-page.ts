import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { Observable } from 'rxjs';
import { apiErrorOf } from '../../../core/api/api-error';
import { RETURN_URL_PARAM, returnUrlOf, signInStep } from '../../../core/auth/return-url';
import { Session } from '../../../core/session/session';
import { SessionStore } from '../../../core/session/session-store';
import { ErrorSummary, ErrorSummaryItem } from '../../../shared/error-summary/error-summary';
import { FieldError } from '../../../shared/field-error/field-error';
import { LanguageSwitch } from '../../../shared/language-switch/language-switch';
import { MfaApi } from '../mfa-api';
import {
  codeFormatMessage,
  codeRequiredMessage,
  fieldMessagesOf,
  isSixDigits,
  normalizeCode,
  recoveryCodeRequiredMessage,
  sessionEndedMessage,
  unavailableMessage,
} from '../mfa-messages';

/** Which factor the page asks for: the route's `data.factor`. */
export type MfaFactor = 'code' | 'recovery';

const FIELD_ID = 'mfa-code';

/**
 * The second step of signing in (`/login/mfa`, and `/login/mfa/recovery` for a recovery code).
 * Success gives a new session token; then the forced password change if the password is
 * temporary, else the page the guest asked for (`returnUrl`) or the top page.
 */
@Component({
  selector: 'app-mfa-sign-in-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, ErrorSummary, FieldError, LanguageSwitch],
  templateUrl: './mfa-sign-in-page.html',
})
export class MfaSignInPage {
  private readonly api = inject(MfaApi);
  private readonly store = inject(SessionStore);
  private readonly router = inject(Router);

  private readonly route = inject(ActivatedRoute).snapshot;

  protected readonly factor: MfaFactor =
    this.route.data['factor'] === 'recovery' ? 'recovery' : 'code';
  protected readonly fieldId = FIELD_ID;
  protected readonly form = inject(NonNullableFormBuilder).group({ code: [''] });

  /** Messages at the field; `general` ones have no field (the session ended, server down). */
  protected readonly fieldErrors = signal<readonly string[]>([]);
  protected readonly generalErrors = signal<readonly string[]>([]);
  /** Too many wrong codes or too late: only signing in again helps. */
  protected readonly ended = signal(false);
  private readonly pending = signal(false);

  protected readonly summary = computed<ErrorSummaryItem[]>(() => [
    ...this.fieldErrors().map((message) => ({ targetId: FIELD_ID, message })),
    ...this.generalErrors().map((message) => ({ message })),
  ]);

  protected submit(): void {
    if (this.pending()) return;
    const value = this.form.controls.code.value.trim();
    const local = this.check(value);
    this.generalErrors.set([]);
    this.fieldErrors.set(local);
    if (local.length > 0) return;

    this.pending.set(true);
    this.verify(value).subscribe({
      next: (session) => {
        this.pending.set(false);
        this.store.set(session);
        void this.router.navigateByUrl(
          session.passwordChangeRequired
            ? signInStep(
                this.router,
                '/password/required',
                this.route.queryParamMap.get(RETURN_URL_PARAM),
              )
            : returnUrlOf(this.route),
        );
      },
      error: (error: unknown) => {
        this.pending.set(false);
        this.form.controls.code.reset();
        const apiError = apiErrorOf(error);
        const field = fieldMessagesOf(apiError, this.factor === 'code' ? 'code' : 'recoveryCode');
        if (field) {
          this.fieldErrors.set(field);
        } else if (apiError?.statusCode === 401) {
          this.store.clear();
          this.ended.set(true);
          this.generalErrors.set([sessionEndedMessage()]);
        } else {
          this.generalErrors.set([unavailableMessage()]);
        }
      },
    });
  }

  protected async startAgain(): Promise<void> {
    await this.store.signOut();
    await this.router.navigateByUrl(
      signInStep(this.router, '/login', this.route.queryParamMap.get(RETURN_URL_PARAM)),
    );
  }

  private check(value: string): string[] {
    if (value === '') {
      return [this.factor === 'code' ? codeRequiredMessage() : recoveryCodeRequiredMessage()];
    }
    if (this.factor === 'code' && !isSixDigits(value)) return [codeFormatMessage()];
    return [];
  }

  private verify(value: string): Observable<Session> {
    return this.factor === 'code'
      ? this.api.verifyCode(normalizeCode(value))
      : this.api.verifyRecoveryCode(value);
  }
}

import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, Router, UrlTree } from '@angular/router';
import { apiErrorOf } from '../../core/api/api-error';
import { AuthApi } from '../../core/auth/auth-api';
import {
  RETURN_URL_PARAM,
  SIGNED_OUT_STATE,
  returnUrlOf,
  signInStep,
} from '../../core/auth/return-url';
import { Session } from '../../core/session/session';
import { SessionStore } from '../../core/session/session-store';
import { required } from '../../shared/forms/validators';
import { ErrorSummary, ErrorSummaryItem } from '../../shared/error-summary/error-summary';
import { FieldError } from '../../shared/field-error/field-error';
import { LanguageSwitch } from '../../shared/language-switch/language-switch';
import { PasswordField } from '../../shared/password-field/password-field';
import { LoginField, LoginProblem, loginProblems, requiredMessage } from './login-errors';

const FIELD_IDS: Record<LoginField, string> = {
  username: 'login-username',
  password: 'login-password',
};

@Component({
  selector: 'app-login-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, ErrorSummary, FieldError, LanguageSwitch, PasswordField],
  templateUrl: './login-page.html',
})
export class LoginPage {
  private readonly api = inject(AuthApi);
  private readonly store = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly ids = FIELD_IDS;
  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', required],
    password: ['', required],
  });

  protected readonly problems = signal<readonly LoginProblem[]>([]);
  /** Sent here because the session ended on the server: says so until the next attempt. */
  protected readonly signedOut = signal(
    this.router.currentNavigation()?.extras.state?.[SIGNED_OUT_STATE] === true,
  );
  private readonly pending = signal(false);

  protected readonly summary = computed<ErrorSummaryItem[]>(() =>
    this.problems().map(({ field, message }) => ({
      targetId: field ? FIELD_IDS[field] : undefined,
      message,
    })),
  );
  protected readonly usernameErrors = computed(() => this.messagesFor('username'));
  protected readonly passwordErrors = computed(() => this.messagesFor('password'));

  protected submit(): void {
    if (this.pending()) return;
    const { username, password } = this.form.controls;
    const missing: LoginProblem[] = [];
    if (username.hasError('required')) missing.push(this.required('username'));
    if (password.hasError('required')) missing.push(this.required('password'));
    this.problems.set(missing);
    this.signedOut.set(false);
    if (missing.length > 0) return;

    this.pending.set(true);
    this.api.login(this.form.getRawValue()).subscribe({
      next: (session) => {
        this.pending.set(false);
        this.store.set(session);
        void this.router.navigateByUrl(this.nextUrl(session));
      },
      error: (error: unknown) => {
        this.pending.set(false);
        password.reset();
        this.problems.set(loginProblems(apiErrorOf(error)));
      },
    });
  }

  /**
   * The MFA code comes before the forced change of a temporary password; then the page the guest
   * asked for (the `returnUrl` the guards remembered), else the top.
   */
  private nextUrl(session: Session): UrlTree {
    const { snapshot } = this.route;
    if (session.mfaRequired) {
      return signInStep(this.router, '/login/mfa', snapshot.queryParamMap.get(RETURN_URL_PARAM));
    }
    if (session.passwordChangeRequired) {
      // The forced change, then back to where the guest was going (an application, perhaps).
      return signInStep(
        this.router,
        '/password/required',
        snapshot.queryParamMap.get(RETURN_URL_PARAM),
      );
    }
    return this.router.parseUrl(returnUrlOf(snapshot));
  }

  private required(field: LoginField): LoginProblem {
    return { field, message: requiredMessage(field) };
  }

  private messagesFor(field: LoginField): string[] {
    return this.problems()
      .filter((problem) => problem.field === field)
      .map((problem) => problem.message);
  }
}

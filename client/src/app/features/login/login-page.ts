import {
  AfterViewInit,
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  Injector,
  OnInit,
  PLATFORM_ID,
  afterNextRender,
  computed,
  inject,
  signal,
} from '@angular/core';
import { DOCUMENT, isPlatformBrowser } from '@angular/common';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { browserSupportsWebAuthnAutofill, WebAuthnAbortService } from '@simplewebauthn/browser';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, Router, UrlTree } from '@angular/router';
import { apiErrorOf } from '../../core/api/api-error';
import { AuthApi } from '../../core/auth/auth-api';
import {
  IDLE_STATE,
  RETURN_URL_PARAM,
  SIGNED_OUT_STATE,
  returnUrlOf,
  signInStep,
} from '../../core/auth/return-url';
import { Session } from '../../core/session/session';
import { FormDrafts } from '../../core/session/form-drafts';
import { SessionStore } from '../../core/session/session-store';
import { required } from '../../shared/forms/validators';
import { ErrorSummary, ErrorSummaryItem } from '../../shared/error-summary/error-summary';
import { FieldError } from '../../shared/field-error/field-error';
import { LanguageSwitch } from '../../shared/language-switch/language-switch';
import { PasswordField } from '../../shared/password-field/password-field';
import { ceremonyMessage, refusalMessage } from '../passkeys/passkey-messages';
import { PasskeysApi } from '../passkeys/passkeys-api';
import { LoginField, LoginProblem, loginProblems, requiredMessage } from './login-errors';
import { BusyButton } from '../../shared/busy/busy-button';

const FIELD_IDS: Record<LoginField, string> = {
  username: 'login-username',
  password: 'login-password',
};

/** What is in a field of the page now; '' if it is not on the page (yet). */
function valueOnPage(document: Document, id: string): string {
  const element = document.getElementById(id);
  return element?.tagName === 'INPUT' ? (element as HTMLInputElement).value : '';
}

@Component({
  selector: 'app-login-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BusyButton,
    ReactiveFormsModule,
    ErrorSummary,
    FieldError,
    LanguageSwitch,
    PasswordField,
  ],
  templateUrl: './login-page.html',
})
export class LoginPage implements OnInit, AfterViewInit {
  private readonly api = inject(AuthApi);
  private readonly passkeys = inject(PasskeysApi);
  private readonly destroyRef = inject(DestroyRef);
  private readonly store = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly document = inject(DOCUMENT);

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
  /** …and it ended because nothing was done for the idle timeout. */
  protected readonly idle = this.router.currentNavigation()?.extras.state?.[IDLE_STATE] === true;
  /** What was typed when the session ended, waiting for this sign-in (FormDrafts). */
  protected readonly draft = signal(this.signedOut() ? inject(FormDrafts).pending() : null);
  protected readonly pending = signal(false);

  protected readonly summary = computed<ErrorSummaryItem[]>(() =>
    this.problems().map(({ field, message }) => ({
      targetId: field ? FIELD_IDS[field] : undefined,
      message,
    })),
  );
  protected readonly usernameErrors = computed(() => this.messagesFor('username'));
  protected readonly passwordErrors = computed(() => this.messagesFor('password'));

  /** Ends `holdEarlySubmit` once the form is bound. */
  private stopHolding = (): void => undefined;

  constructor() {
    // Prerendering at build time has no browser, no passkeys.
    if (!isPlatformBrowser(inject(PLATFORM_ID))) return;
    this.holdEarlySubmit();
    // The browser's passkey autofill on ユーザ名: a passkey picked there signs in at once.
    void browserSupportsWebAuthnAutofill().then((supported) => {
      if (supported) this.signInWithPasskey(true);
    });
    this.destroyRef.onDestroy(() => WebAuthnAbortService.cancelCeremony());
  }

  /**
   * 「パスキーでログイン」, or a passkey chosen in the username field's suggestions. The autofill
   * request waits in the background from the start and is not a press: it neither shows nor ends
   * the wait of the button. (It may end while a sign-in with the password is under way: e.g. it
   * fails only after the page has been taken over and 「ログイン」 was already pressed. Ending that
   * wait let a second press send the password a second time.)
   */
  protected signInWithPasskey(autofill = false): void {
    if (!autofill) {
      if (this.pending()) return;
      this.pending.set(true);
      this.problems.set([]);
      this.signedOut.set(false);
    }
    this.passkeys
      .signIn(autofill)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (session) => {
          if (!autofill) this.pending.set(false);
          this.store.set(session);
          void this.router.navigateByUrl(this.nextUrl(session));
        },
        error: (error: unknown) => {
          if (!autofill) this.pending.set(false);
          const ceremony = ceremonyMessage(error);
          // An autofill request ends quietly when the button or the form takes over.
          if (autofill && ceremony !== null) return;
          const apiError = apiErrorOf(error);
          const message = ceremony ?? refusalMessage(apiError);
          this.problems.set(message ? [{ field: null, message }] : loginProblems(apiError));
        },
      });
  }

  /**
   * Taking over the prerendered page: what is already in its fields (typed, or filled in by a
   * password manager, before the JavaScript ran) becomes the form's value here, in the same pass
   * that then binds the fields, rather than being cleared by it. (The constructor is too early:
   * the fields may still be typed into before that pass.)
   */
  ngOnInit(): void {
    const username = valueOnPage(this.document, FIELD_IDS.username);
    const password = valueOnPage(this.document, FIELD_IDS.password);
    if (username !== '' || password !== '') this.form.setValue({ username, password });
  }

  ngAfterViewInit(): void {
    this.stopHolding();
  }

  /**
   * Taking over the prerendered page happens in two passes: the first claims the page's nodes and
   * listens to them, the next binds the form. A press (or Enter) that the browser delivers between
   * the two reached a form directive without its form, which threw, and the press was lost: nothing
   * was sent and nothing said so. (Before the first pass the press waits in the event replay; after
   * the second it is an ordinary press.) Here such a press is held until the form is bound, then
   * sent as if made then.
   */
  private holdEarlySubmit(): void {
    const host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
    const injector = inject(Injector);
    let held = false;
    const hold = (event: Event): void => {
      if (!(event.target instanceof Node) || !host.contains(event.target)) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      if (held) return;
      held = true;
      afterNextRender(() => this.submit(), { injector });
    };
    // Capture, on the document: before the form's own listener.
    this.document.addEventListener('submit', hold, true);
    this.stopHolding = () => this.document.removeEventListener('submit', hold, true);
    this.destroyRef.onDestroy(this.stopHolding);
  }

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
    const returnUrl = snapshot.queryParamMap.get(RETURN_URL_PARAM);
    if (session.mfaRequired) return signInStep(this.router, '/login/mfa', returnUrl);
    if (session.passwordChangeRequired) {
      return signInStep(this.router, '/password/required', returnUrl);
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

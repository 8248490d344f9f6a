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
import { DatePipe } from '@angular/common';
import { DomSanitizer, SafeUrl } from '@angular/platform-browser';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { Observable } from 'rxjs';
import { apiErrorOf } from '../../../core/api/api-error';
import { ErrorSummary, ErrorSummaryItem } from '../../../shared/error-summary/error-summary';
import { FieldError } from '../../../shared/field-error/field-error';
import { OutcomeNotice } from '../../../shared/outcome-notice/outcome-notice';
import { ConfirmPasswordField } from '../../../shared/password-confirmation/confirm-password-field';
import { RecentConfirmation } from '../../../shared/password-confirmation/recent-confirmation';
import { SessionsApi } from '../../settings/sessions/sessions-api';
import { MfaApi, MfaEnrollment, MfaStatus } from '../mfa-api';
import {
  codeFormatMessage,
  codeRequiredMessage,
  currentPasswordRequiredMessage,
  fieldMessagesOf,
  isSixDigits,
  normalizeCode,
  unavailableMessage,
} from '../mfa-messages';
import { RecoveryCodes } from '../recovery-codes/recovery-codes';
import { BusyButton } from '../../../shared/busy/busy-button';

/** The form a problem belongs to; one error summary serves the page. */
type FormName = 'confirm' | 'disable' | 'regenerate' | 'endOthers' | 'page';

interface Problem {
  readonly form: FormName;
  /** The field's id, when the problem belongs to a field. */
  readonly targetId?: string;
  readonly message: string;
}

const IDS = {
  code: 'mfa-confirm-code',
  disablePassword: 'mfa-disable-password',
  regeneratePassword: 'mfa-regenerate-password',
  endOthersPassword: 'mfa-end-others-password',
} as const;

function othersEndedMessage(ended: number): string {
  if (ended === 0)
    return $localize`:@@mfa.endOthers.none:終了する他の端末のセッションはありませんでした。`;
  if (ended === 1)
    return $localize`:@@mfa.endOthers.endedOne:他の端末のセッションを1件終了しました。`;
  return $localize`:@@mfa.endOthers.ended:他の端末のセッションを${ended}:count:件終了しました。`;
}

/**
 * 多要素認証 (`/settings/mfa`): the state; turning on (QR code and typed key, confirmed with a
 * code, then the recovery codes once); turning off and new recovery codes after the password.
 * After each of these changes it offers to end the account's sessions on other devices (ASVS
 * 7.4.3), asking for the password again rather than keeping the one typed for the change.
 */
@Component({
  selector: 'app-mfa-settings-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BusyButton,
    DatePipe,
    ReactiveFormsModule,
    RouterLink,
    ErrorSummary,
    FieldError,
    OutcomeNotice,
    ConfirmPasswordField,
    RecoveryCodes,
  ],
  templateUrl: './mfa-settings-page.html',
})
export class MfaSettingsPage {
  private readonly api = inject(MfaApi);
  private readonly sessions = inject(SessionsApi);
  private readonly sanitizer = inject(DomSanitizer);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly confirmation = inject(RecentConfirmation);

  protected readonly ids = IDS;
  protected readonly status = signal<MfaStatus | null>(null);
  protected readonly loadFailed = signal(false);
  protected readonly enrollment = signal<MfaEnrollment | null>(null);
  protected readonly recoveryCodes = signal<readonly string[] | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly problems = signal<readonly Problem[]>([]);
  /** MFA was just turned on or off, or the recovery codes replaced: offer to end other sessions. */
  protected readonly offerEndOthers = signal(false);
  /** The form whose call is under way, if any: its button shows the wait. */
  protected readonly pending = signal<FormName | null>(null);

  protected readonly confirmForm = this.fb.group({ code: [''] });
  protected readonly disableForm = this.fb.group({ currentPassword: [''] });
  protected readonly regenerateForm = this.fb.group({ currentPassword: [''] });
  protected readonly endOthersForm = this.fb.group({ currentPassword: [''] });

  protected readonly summary = computed<ErrorSummaryItem[]>(() =>
    this.problems().map(({ targetId, message }) => ({ targetId, message })),
  );
  protected readonly codeErrors = computed(() => this.messagesAt(IDS.code));
  protected readonly disableErrors = computed(() => this.messagesAt(IDS.disablePassword));
  protected readonly regenerateErrors = computed(() => this.messagesAt(IDS.regeneratePassword));
  protected readonly endOthersErrors = computed(() => this.messagesAt(IDS.endOthersPassword));

  private readonly enrollmentTitle = viewChild<ElementRef<HTMLElement>>('enrollmentTitle');

  constructor() {
    this.load();
    this.confirmation.refresh();
    afterRenderEffect(() => {
      if (this.enrollment()) this.enrollmentTitle()?.nativeElement.focus();
    });
  }

  protected start(): void {
    this.run('page', this.api.startEnrollment(), (enrollment) => {
      this.confirmForm.reset();
      this.enrollment.set(enrollment);
    });
  }

  protected cancel(): void {
    this.enrollment.set(null);
    this.problems.set([]);
  }

  protected confirm(): void {
    const code = this.confirmForm.controls.code.value.trim();
    if (code === '') return this.refuse('confirm', IDS.code, codeRequiredMessage());
    if (!isSixDigits(code)) return this.refuse('confirm', IDS.code, codeFormatMessage());
    this.run(
      'confirm',
      this.api.confirmEnrollment(normalizeCode(code)),
      (codes) => {
        this.enrollment.set(null);
        this.recoveryCodes.set(codes);
        this.offerEndOthersIfAny();
      },
      { field: 'code', targetId: IDS.code },
    );
  }

  protected disable(): void {
    const password = this.disableForm.controls.currentPassword.value;
    if (this.passwordMissing(password)) {
      return this.refuse('disable', IDS.disablePassword, currentPasswordRequiredMessage());
    }
    this.run(
      'disable',
      this.api.disable(password),
      (status) => {
        this.disableForm.reset();
        this.status.set(status);
        this.offerEndOthersIfAny();
        this.notice.set($localize`:@@mfa.disabled:多要素認証を無効にしました。`);
      },
      { field: 'currentPassword', targetId: IDS.disablePassword },
    );
  }

  protected regenerate(): void {
    const password = this.regenerateForm.controls.currentPassword.value;
    if (this.passwordMissing(password)) {
      return this.refuse('regenerate', IDS.regeneratePassword, currentPasswordRequiredMessage());
    }
    this.run(
      'regenerate',
      this.api.regenerateRecoveryCodes(password),
      (codes) => {
        this.regenerateForm.reset();
        this.recoveryCodes.set(codes);
        this.offerEndOthersIfAny();
      },
      { field: 'currentPassword', targetId: IDS.regeneratePassword },
    );
  }

  /** The authenticator app's link on this device (a phone cannot scan its own screen). */
  protected readonly appLink = computed<SafeUrl | null>(() => {
    const uri = this.enrollment()?.otpauthUri ?? '';
    // Only the server's own otpauth://totp/ URI is trusted past Angular's URL sanitizer.
    return /^otpauth:\/\/totp\/[^\s"<>]+$/.test(uri)
      ? this.sanitizer.bypassSecurityTrustUrl(uri)
      : null;
  });
  protected readonly keyStatus = signal('');

  protected async copyKey(): Promise<void> {
    const key = this.enrollment()?.key ?? '';
    try {
      await navigator.clipboard.writeText(key.replaceAll(' ', ''));
      this.keyStatus.set($localize`:@@mfa.enrollment.keyCopied:キーをコピーしました。`);
    } catch {
      this.keyStatus.set(
        $localize`:@@mfa.enrollment.keyCopyFailed:コピーできませんでした。キーを選択してコピーしてください。`,
      );
    }
  }

  /** The offer to end other sessions, only when there are some to end. */
  private offerEndOthersIfAny(): void {
    this.sessions.list().subscribe({
      next: (sessions) => this.offerEndOthers.set(sessions.some((s) => !s.current)),
      error: () => this.offerEndOthers.set(true),
    });
  }

  /** Ends the account's other sessions, after the password again; says how many. */
  protected endOthers(): void {
    const password = this.endOthersForm.controls.currentPassword.value;
    if (this.passwordMissing(password)) {
      return this.refuse('endOthers', IDS.endOthersPassword, currentPasswordRequiredMessage());
    }
    this.run(
      'endOthers',
      this.sessions.endOthers({ currentPassword: password }),
      ({ ended }) => {
        this.endOthersForm.reset();
        this.offerEndOthers.set(false);
        this.notice.set(othersEndedMessage(ended));
      },
      { field: 'currentPassword', targetId: IDS.endOthersPassword },
    );
  }

  /** The user saved the codes: back to the state, which now says MFA is on. */
  protected codesSaved(): void {
    this.recoveryCodes.set(null);
    this.load(() => this.notice.set($localize`:@@mfa.enabled:多要素認証は有効です。`));
  }

  private load(then?: () => void): void {
    this.api.status().subscribe({
      next: (status) => {
        this.loadFailed.set(false);
        this.status.set(status);
        then?.();
      },
      error: () => this.loadFailed.set(true),
    });
  }

  /** No password typed, and none held from a step a few minutes ago. */
  private passwordMissing(password: string): boolean {
    return password === '' && !this.confirmation.active();
  }

  private refuse(form: FormName, targetId: string, message: string): void {
    this.notice.set(null);
    this.problems.set([{ form, targetId, message }]);
  }

  private run<T>(
    form: FormName,
    call: Observable<T>,
    onSuccess: (value: T) => void,
    field?: { field: string; targetId: string },
  ): void {
    if (this.pending() !== null) return;
    this.pending.set(form);
    this.notice.set(null);
    this.problems.set([]);
    call.subscribe({
      next: (value) => {
        this.pending.set(null);
        // A step that sent the password holds it for the next ones (the server says how long).
        if (field?.field === 'currentPassword') this.confirmation.refresh();
        onSuccess(value);
      },
      error: (error: unknown) => {
        this.pending.set(null);
        const apiError = apiErrorOf(error);
        const messages = field ? fieldMessagesOf(apiError, field.field) : null;
        if (messages && field?.field === 'currentPassword') this.confirmation.lapse();
        if (messages && field) {
          this.problems.set(
            messages.map((message) => ({ form, targetId: field.targetId, message })),
          );
        } else {
          this.problems.set([{ form, message: apiError?.message || unavailableMessage() }]);
        }
        if (form === 'confirm') this.confirmForm.reset();
        if (form === 'disable') this.disableForm.reset();
        if (form === 'regenerate') this.regenerateForm.reset();
        if (form === 'endOthers') this.endOthersForm.reset();
      },
    });
  }

  private messagesAt(targetId: string): string[] {
    return this.problems()
      .filter((problem) => problem.targetId === targetId)
      .map((problem) => problem.message);
  }
}

import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  afterNextRender,
  computed,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { DOCUMENT } from '@angular/common';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { ErrorSummary, ErrorSummaryItem } from '../../../shared/error-summary/error-summary';
import { toSignal } from '@angular/core/rxjs-interop';
import { catchError, map, of } from 'rxjs';
import { ConfigApi } from '../../../core/config/config-api';
import { SessionStore } from '../../../core/session/session-store';
import { FieldError } from '../../../shared/field-error/field-error';

const CHECKBOX_ID = 'recovery-codes-saved';

function today(): string {
  return new Intl.DateTimeFormat('en-CA').format(new Date());
}

/** A part of a file name every system accepts: no separators, reserved marks, controls or spaces. */
function fileSafe(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  return text.replace(/[\\/:*?"<>|\u0000-\u001f\s]+/g, '_').slice(0, 64) || 'tobira';
}

/**
 * The recovery codes, shown once: copy, download as a text file, and a confirmation that they
 * were saved before the page moves on. The download is a Blob link made here, no inline script.
 */
@Component({
  selector: 'app-recovery-codes',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, ErrorSummary, FieldError],
  templateUrl: './recovery-codes.html',
})
export class RecoveryCodes {
  private readonly document = inject(DOCUMENT);
  private readonly store = inject(SessionStore);
  private readonly username = computed(() => this.store.session()?.username ?? '');
  private readonly product = toSignal(
    inject(ConfigApi)
      .get()
      .pipe(
        map((config) => config.productName || 'Tobira'),
        catchError(() => of('Tobira')),
      ),
    { initialValue: 'Tobira' },
  );
  /** Names the product, the account and the day, so a saved file says whose codes it holds. */
  private readonly fileName = computed(
    () => `${fileSafe(this.product())}-recovery-codes-${fileSafe(this.username())}-${today()}.txt`,
  );

  readonly codes = input.required<readonly string[]>();
  readonly done = output<void>();

  protected readonly checkboxId = CHECKBOX_ID;
  protected readonly form = new FormGroup({
    saved: new FormControl(false, { nonNullable: true }),
  });
  protected readonly errors = signal<readonly string[]>([]);
  protected readonly status = signal('');
  protected readonly summary = computed<ErrorSummaryItem[]>(() =>
    this.errors().map((message) => ({ targetId: CHECKBOX_ID, message })),
  );

  private readonly title = viewChild<ElementRef<HTMLElement>>('title');

  constructor() {
    // The codes replace the form the user just submitted: take focus to them.
    afterNextRender(() => this.title()?.nativeElement.focus());
  }

  protected async copy(): Promise<void> {
    try {
      await this.document.defaultView?.navigator.clipboard.writeText(this.text());
      this.status.set($localize`:@@recoveryCodes.copied:リカバリーコードをコピーしました。`);
    } catch {
      this.status.set(
        $localize`:@@recoveryCodes.copyFailed:コピーできませんでした。コードを選択してコピーするか、ダウンロードしてください。`,
      );
    }
  }

  protected download(): void {
    const heading = [
      $localize`:@@recoveryCodes.fileTitle:${this.product()}:product: 管理機能 リカバリーコード`,
      $localize`:@@recoveryCodes.fileUser:ユーザ名: ${this.username()}:username:`,
      $localize`:@@recoveryCodes.fileDate:発行日: ${today().replaceAll('-', '/')}:date:`,
      '',
    ].join('\n');
    const url = URL.createObjectURL(
      new Blob([`${heading}\n${this.text()}`], { type: 'text/plain;charset=utf-8' }),
    );
    const link = this.document.createElement('a');
    link.href = url;
    const fileName = this.fileName();
    link.download = fileName;
    link.click();
    URL.revokeObjectURL(url);
    this.status.set(
      $localize`:@@recoveryCodes.downloaded:リカバリーコードをファイル (${fileName}:fileName:) に保存しました。`,
    );
  }

  protected finish(): void {
    if (!this.form.controls.saved.value) {
      this.errors.set([
        $localize`:@@recoveryCodes.confirmRequired:リカバリーコードを保存したら、チェックを入れてください。`,
      ]);
      return;
    }
    this.errors.set([]);
    this.done.emit();
  }

  private text(): string {
    return `${this.codes().join('\n')}\n`;
  }
}

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
import { FieldError } from '../../../shared/field-error/field-error';

const CHECKBOX_ID = 'recovery-codes-saved';
const FILE_NAME = 'tobira-recovery-codes.txt';

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
    const url = URL.createObjectURL(new Blob([this.text()], { type: 'text/plain;charset=utf-8' }));
    const link = this.document.createElement('a');
    link.href = url;
    link.download = FILE_NAME;
    link.click();
    URL.revokeObjectURL(url);
    this.status.set(
      $localize`:@@recoveryCodes.downloaded:リカバリーコードをファイル (${FILE_NAME}:fileName:) に保存しました。`,
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

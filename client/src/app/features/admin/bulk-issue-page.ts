import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { apiErrorOf } from '../../core/api/api-error';
import { ErrorSummary, ErrorSummaryItem } from '../../shared/error-summary/error-summary';
import { FieldError } from '../../shared/field-error/field-error';
import { AdminApi } from './admin-api';

const FILE_FIELD_ID = 'bulk-file';
// The server takes up to 512 KiB of JSON; a file this size is refused here with a clearer message.
const MAX_FILE_BYTES = 500 * 1024;

/**
 * Bulk issue from a CSV: the server checks every row first and reports every problem with its row
 * number, creating nothing; a clean file creates all its accounts, and the account list (with the
 * temporary passwords) can be downloaded from this page only.
 */
@Component({
  selector: 'app-bulk-issue-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, ErrorSummary, FieldError],
  templateUrl: './bulk-issue-page.html',
})
export class BulkIssuePage {
  private readonly api = inject(AdminApi);
  private readonly document = inject(DOCUMENT);

  protected readonly fileFieldId = FILE_FIELD_ID;
  protected readonly file = signal<File | null>(null);
  protected readonly problems = signal<readonly string[]>([]);
  protected readonly pending = signal(false);
  /** The account list of the last upload; kept in memory only, for one download. */
  protected readonly result = signal<{ count: number; csv: string } | null>(null);
  protected readonly summary = computed<ErrorSummaryItem[]>(() =>
    this.problems().map((message) => ({ targetId: FILE_FIELD_ID, message })),
  );

  protected choose(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.file.set(input.files?.[0] ?? null);
  }

  protected onSubmit(event: Event): void {
    // A plain form (the file input has no form control): the page must not navigate.
    event.preventDefault();
    void this.submit();
  }

  private async submit(): Promise<void> {
    if (this.pending()) return;
    const file = this.file();
    if (!file) {
      this.problems.set([$localize`:@@admin.bulk.fileRequired:CSV ファイルを選択してください。`]);
      return;
    }
    if (file.size > MAX_FILE_BYTES) {
      this.problems.set([
        $localize`:@@admin.bulk.tooLarge:ファイルが大きすぎます。500 KB 以内に分けてください。`,
      ]);
      return;
    }
    this.pending.set(true);
    this.problems.set([]);
    const csv = await file.text();
    this.api.issueMany(csv).subscribe({
      next: (issued) => {
        this.pending.set(false);
        this.result.set({ count: issued.accounts.length, csv: issued.csv });
      },
      error: (error: unknown) => {
        this.pending.set(false);
        const body = apiErrorOf(error);
        const messages = (body?.errors ?? []).map((e) => e.message);
        this.problems.set(
          messages.length > 0
            ? messages
            : [
                body?.message ||
                  $localize`:@@admin.failed:処理できませんでした。時間をおいて再度お試しください。`,
              ],
        );
      },
    });
  }

  /** Saves the account list through a Blob URL: no inline script, so the strict CSP holds. */
  protected download(): void {
    const result = this.result();
    if (!result) return;
    // The byte order mark lets spreadsheet programs read the Japanese headings as UTF-8.
    const blob = new Blob(['\uFEFF', result.csv], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const link = this.document.createElement('a');
    link.href = url;
    link.download = 'account-list.csv';
    this.document.body.append(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
  }
}

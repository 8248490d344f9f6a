import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { apiErrorOf } from '../../core/api/api-error';
import { BusyButton } from '../../shared/busy/busy-button';
import { ErrorSummary, ErrorSummaryItem } from '../../shared/error-summary/error-summary';
import { FieldError } from '../../shared/field-error/field-error';
import { FocusOnShow } from '../../shared/focus/focus-on-show';
import { HoldsUnkeptSecret, warnBeforeUnload } from '../../shared/leave-guard/leave-guard';
import { AdminApi } from './admin-api';
import { roleLabel } from './admin-labels';
import { BULK_TEMPLATE, BulkPreviewRow, previewRows } from './bulk-csv';

const FILE_FIELD_ID = 'bulk-file';
// The server takes up to 512 KiB of JSON; a file this size is refused here with a clearer message.
const MAX_FILE_BYTES = 500 * 1024;

/** A file chosen and read: its text, and what it will issue. */
interface Chosen {
  readonly name: string;
  readonly csv: string;
  readonly rows: readonly BulkPreviewRow[];
}

/**
 * Bulk issue from a CSV: the chosen file is previewed row by row before 「発行する」; the server
 * checks every row again and reports every problem with its row number, creating nothing; a clean
 * file creates all its accounts, and the account list (with the temporary passwords) can be
 * downloaded from this page only; leaving before that asks first.
 */
@Component({
  selector: 'app-bulk-issue-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BusyButton, FocusOnShow, RouterLink, ErrorSummary, FieldError],
  templateUrl: './bulk-issue-page.html',
})
export class BulkIssuePage implements HoldsUnkeptSecret {
  private readonly api = inject(AdminApi);
  private readonly document = inject(DOCUMENT);

  protected readonly fileFieldId = FILE_FIELD_ID;
  protected readonly chosen = signal<Chosen | null>(null);
  protected readonly problems = signal<readonly string[]>([]);
  protected readonly pending = signal(false);
  /** The account list of the last upload; kept in memory only, for one download. */
  protected readonly result = signal<{ count: number; csv: string } | null>(null);
  protected readonly downloaded = signal(false);
  readonly unkept = computed(() => this.result() !== null && !this.downloaded());
  protected readonly summary = computed<ErrorSummaryItem[]>(() =>
    this.problems().map((message) => ({ targetId: FILE_FIELD_ID, message })),
  );
  /** At the field: the one problem, or how many the summary above lists (each is said once). */
  protected readonly fieldMessages = computed(() => {
    const problems = this.problems();
    return problems.length > 1
      ? [
          $localize`:@@admin.bulk.problemCount:ファイルに ${problems.length}:count: 件の問題があります。上の一覧を確認してください。`,
        ]
      : problems;
  });
  protected readonly roleLabel = roleLabel;

  constructor() {
    warnBeforeUnload(this.unkept);
  }

  /** Reads the chosen file at once, so the preview shows what 「発行する」 would send. */
  protected async choose(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0] ?? null;
    this.chosen.set(null);
    this.problems.set([]);
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      this.problems.set([
        $localize`:@@admin.bulk.tooLarge:ファイルが大きすぎます。500 KB 以内に分けてください。`,
      ]);
      return;
    }
    const csv = await file.text();
    this.chosen.set({ name: file.name, csv, rows: previewRows(csv) });
  }

  protected onSubmit(event: Event): void {
    // A plain form (the file input has no form control): the page must not navigate.
    event.preventDefault();
    this.submit();
  }

  private submit(): void {
    if (this.pending()) return;
    const chosen = this.chosen();
    if (!chosen) {
      // A file refused on choosing (too large) keeps its message; a new list focuses it again.
      const refused = this.problems();
      this.problems.set(
        refused.length > 0
          ? [...refused]
          : [$localize`:@@admin.bulk.fileRequired:CSV ファイルを選択してください。`],
      );
      return;
    }
    if (chosen.rows.length === 0) {
      this.problems.set([
        $localize`:@@admin.bulk.empty:CSV ファイルにアカウントの行がありません。`,
      ]);
      return;
    }
    this.pending.set(true);
    this.problems.set([]);
    this.api.issueMany(chosen.csv).subscribe({
      next: (issued) => {
        this.pending.set(false);
        this.downloaded.set(false);
        this.result.set({ count: issued.accounts.length, csv: issued.csv });
      },
      error: (error: unknown) => {
        this.pending.set(false);
        const body = apiErrorOf(error);
        // One line per distinct problem, in the server's (row) order.
        const messages = [...new Set((body?.errors ?? []).map((e) => e.message))];
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
    this.save(result.csv, 'account-list.csv');
    this.downloaded.set(true);
  }

  protected downloadTemplate(): void {
    this.save(BULK_TEMPLATE, 'account-template.csv');
  }

  private save(csv: string, name: string): void {
    // The byte order mark lets spreadsheet programs read the Japanese headings as UTF-8.
    const blob = new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const link = this.document.createElement('a');
    link.href = url;
    link.download = name;
    this.document.body.append(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
  }
}

import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { catchError, map, of } from 'rxjs';
import { ConfigApi } from '../../core/config/config-api';

/**
 * A temporary password shown once, with a copy button and how long it can be used. The status line
 * is a live region, so a screen reader hears that the copy worked (or that it must be copied by
 * hand).
 */
@Component({
  selector: 'app-temporary-password',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dl class="readonly-field">
      <dt i18n="@@admin.issued.username">ユーザ名</dt>
      <dd translate="no">{{ username() }}</dd>
    </dl>
    <dl class="readonly-field">
      <dt i18n="@@admin.issued.password">仮パスワード</dt>
      <dd class="temporary-password">
        <code class="temporary-password__value" id="temporary-password" translate="no">{{
          password()
        }}</code>
        <button
          type="button"
          class="button button--secondary"
          aria-describedby="temporary-password"
          (click)="copy()"
          i18n="@@admin.issued.copy"
        >
          コピー
        </button>
      </dd>
    </dl>
    @if (validDays(); as days) {
      <p class="hint" data-testid="temporary-password-validity" i18n="@@admin.issued.validity">
        この仮パスワードは発行から
        {{ days }} 日間有効です。それまでに最初のログインとパスワードの変更が必要です。
      </p>
    }
    <p class="hint" role="status">{{ status() }}</p>
  `,
})
export class TemporaryPassword {
  readonly username = input.required<string>();
  readonly password = input.required<string>();
  /** The password was copied: the page may be left without losing it. */
  readonly copied = output<void>();

  protected readonly validDays = toSignal(
    inject(ConfigApi)
      .get()
      .pipe(
        map((config) => config.temporaryPasswordDays || null),
        catchError(() => of(null)),
      ),
    { initialValue: null },
  );
  protected readonly status = signal('');

  protected async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.password());
      this.status.set($localize`:@@admin.issued.copied:仮パスワードをコピーしました。`);
      this.copied.emit();
    } catch {
      this.status.set(
        $localize`:@@admin.issued.copyFailed:コピーできませんでした。仮パスワードを選択してコピーしてください。`,
      );
    }
  }
}

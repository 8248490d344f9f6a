import { ChangeDetectionStrategy, Component, input, signal } from '@angular/core';

/**
 * A temporary password shown once, with a copy button. The status line is a live region, so a
 * screen reader hears that the copy worked (or that it must be copied by hand).
 */
@Component({
  selector: 'app-temporary-password',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dl class="readonly-field">
      <dt i18n="@@admin.issued.username">ユーザ名</dt>
      <dd>{{ username() }}</dd>
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
    <p class="hint" role="status">{{ status() }}</p>
  `,
})
export class TemporaryPassword {
  readonly username = input.required<string>();
  readonly password = input.required<string>();

  protected readonly status = signal('');

  protected async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.password());
      this.status.set($localize`:@@admin.issued.copied:仮パスワードをコピーしました。`);
    } catch {
      this.status.set(
        $localize`:@@admin.issued.copyFailed:コピーできませんでした。仮パスワードを選択してコピーしてください。`,
      );
    }
  }
}

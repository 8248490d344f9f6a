import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  afterRenderEffect,
  computed,
  inject,
  viewChild,
} from '@angular/core';
import { IdleWatch } from '../session/idle-watch';

/**
 * The warning before the idle timeout, as a modal dialog (focus moves into it; Escape keeps the
 * session as the button does). 「ログインを続ける」 asks the server, which restarts its clock.
 */
@Component({
  selector: 'app-idle-warning',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dialog
      class="confirm"
      #dialog
      role="alertdialog"
      aria-labelledby="idle-title"
      aria-describedby="idle-text"
      (cancel)="stayIn($event)"
    >
      @if (endsAt(); as time) {
        <h2 id="idle-title" i18n="@@idle.title">まもなく自動的にログアウトされます</h2>
        <p id="idle-text" i18n="@@idle.text">
          しばらく操作がなかったため、{{ time }}
          に自動的にログアウトされます。入力中の内容は送信されていません。続けて利用する場合は「ログインを続ける」を押してください。
        </p>
        <div class="admin-actions">
          <button
            type="button"
            class="button button--primary"
            (click)="stayIn()"
            i18n="@@idle.stay"
          >
            ログインを続ける
          </button>
        </div>
      }
    </dialog>
  `,
})
export class IdleWarning {
  private readonly watch = inject(IdleWatch);
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');

  protected readonly endsAt = computed(() => {
    const until = this.watch.warningUntil();
    if (!until) return null;
    const pad = (n: number): string => String(n).padStart(2, '0');
    return `${pad(until.getHours())}:${pad(until.getMinutes())}`;
  });

  constructor() {
    this.watch.start();
    // After rendering, so that the dialog has its button when it opens and focus goes there.
    afterRenderEffect(() => {
      const dialog = this.dialog().nativeElement;
      const show = this.endsAt() !== null;
      if (show && !dialog.open) dialog.showModal();
      if (!show && dialog.open) dialog.close();
    });
  }

  protected stayIn(event?: Event): void {
    event?.preventDefault();
    void this.watch.stayIn();
  }
}

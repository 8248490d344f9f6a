import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  afterRenderEffect,
  signal,
  viewChild,
} from '@angular/core';
import { PasswordChange } from '../password-change/password-change';

/** The voluntary change from the menu: confirms in place and clears the form. */
@Component({
  selector: 'app-password-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [PasswordChange],
  template: `
    <div class="panel">
      <h1 tabindex="-1" i18n="@@password.title">パスワード変更</h1>
      @if (changed()) {
        <div class="notice notice--success" role="status" tabindex="-1" #notice>
          <p i18n="@@password.changed">パスワードを変更しました。</p>
        </div>
      }
      <app-password-change (submitted)="changed.set(false)" (changed)="changed.set(true)" />
    </div>
  `,
})
export class PasswordPage {
  protected readonly changed = signal(false);
  private readonly notice = viewChild<ElementRef<HTMLElement>>('notice');

  constructor() {
    afterRenderEffect(() => {
      if (this.changed()) this.notice()?.nativeElement.focus();
    });
  }
}

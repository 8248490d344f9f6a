import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { ActivatedRoute, Router } from '@angular/router';
import { returnUrlOf } from '../../../core/auth/return-url';
import { PasswordChange } from '../password-change/password-change';

/** The forced change after signing in with a temporary password; the only page until it is done. */
@Component({
  selector: 'app-password-required-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [PasswordChange],
  template: `
    <div class="panel">
      <h1 tabindex="-1" i18n="@@password.title">パスワード変更</h1>
      <p i18n="@@password.required.lead">
        このアカウントの利用を開始するためにはパスワードを変更する必要があります。
      </p>
      <app-password-change (changed)="onChanged()" />
    </div>
  `,
})
export class PasswordRequiredPage {
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  /** Then the page the user was going to (an application's sign-in, say), else the top. */
  protected onChanged(): void {
    void this.router.navigateByUrl(returnUrlOf(this.route.snapshot));
  }
}

import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

/** Holds the place of the MFA screen, which arrives with its own issue. */
@Component({
  selector: 'app-mfa-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <div class="panel">
      <h1 tabindex="-1" i18n="@@mfa.title">多要素認証</h1>
      <p i18n="@@mfa.unavailable">このバージョンでは多要素認証はまだ設定できません。</p>
      <p>
        <a routerLink="/settings" i18n="@@mfa.back">管理機能利用設定に戻る</a>
      </p>
    </div>
  `,
})
export class MfaPage {}

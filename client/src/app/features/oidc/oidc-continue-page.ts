import { ChangeDetectionStrategy, Component, OnInit, inject } from '@angular/core';
import { ActivatedRoute } from '@angular/router';
import { LEAVE_FOR, isInteractionUid } from './oidc-api';

/**
 * Where an application's sign-in comes back to after /login (and the MFA step and the forced
 * change): a page of Tobira's own, so the next request to the provider's interaction carries the
 * session cookie (SameSite=Strict is not sent on a redirect that started at another site).
 */
@Component({
  selector: 'app-oidc-continue-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="panel">
      <h1 tabindex="-1" i18n="@@oidc.continue.title">アプリケーションに戻ります</h1>
      <p role="status" i18n="@@oidc.continue.lead">
        ログインしました。アプリケーションに戻ります。しばらくお待ちください。
      </p>
    </div>
  `,
})
export class OidcContinuePage implements OnInit {
  private readonly route = inject(ActivatedRoute);
  private readonly leaveFor = inject(LEAVE_FOR);

  ngOnInit(): void {
    const uid = this.route.snapshot.paramMap.get('uid');
    if (isInteractionUid(uid)) this.leaveFor(`/api/oidc/interaction/${uid}`);
  }
}

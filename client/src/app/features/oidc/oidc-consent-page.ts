import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { ActivatedRoute } from '@angular/router';
import { ConsentRequest, LEAVE_FOR, OidcApi, isInteractionUid } from './oidc-api';

/** What a scope lets the application see, in the user's words. */
function scopeLabel(scope: string): string {
  switch (scope) {
    case 'openid':
      return $localize`:@@oidc.scope.openid:あなたを識別する情報 (ユーザ名と契約)`;
    case 'profile':
      return $localize`:@@oidc.scope.profile:ユーザ名`;
    case 'offline_access':
      return $localize`:@@oidc.scope.offline:ログアウト後もアクセスを続けること`;
    default:
      return scope;
  }
}

/** The consent screen of an application registered with `--consent`. */
@Component({
  selector: 'app-oidc-consent-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="panel">
      <h1 tabindex="-1" i18n="@@oidc.consent.title">アプリケーションの許可</h1>
      @if (request(); as r) {
        <p i18n="@@oidc.consent.lead">
          「{{ r.clientName }}」が
          {{ r.username }}
          としてのログインを求めています。許可すると、次の情報がこのアプリケーションに渡されます。
        </p>
        <ul>
          @for (scope of r.scopes; track scope) {
            <li>{{ label(scope) }}</li>
          }
        </ul>
        <div class="section-actions consent-actions">
          <button
            type="button"
            class="button button--primary"
            [disabled]="pending()"
            (click)="decide(true)"
            i18n="@@oidc.consent.allow"
          >
            許可する
          </button>
          <button
            type="button"
            class="button button--secondary"
            [disabled]="pending()"
            (click)="decide(false)"
            i18n="@@oidc.consent.deny"
          >
            許可しない
          </button>
        </div>
      }
      @if (failed()) {
        <p role="alert" i18n="@@oidc.consent.failed">
          この要求は期限が切れたか、無効です。アプリケーションからもう一度ログインしてください。
        </p>
      }
    </div>
  `,
})
export class OidcConsentPage implements OnInit {
  private readonly route = inject(ActivatedRoute);
  private readonly api = inject(OidcApi);
  private readonly leaveFor = inject(LEAVE_FOR);
  protected readonly request = signal<ConsentRequest | null>(null);
  protected readonly failed = signal(false);
  protected readonly pending = signal(false);
  private uid = '';

  ngOnInit(): void {
    const uid = this.route.snapshot.paramMap.get('uid');
    if (!isInteractionUid(uid)) {
      this.failed.set(true);
      return;
    }
    this.uid = uid;
    this.api.consentRequest(uid).subscribe({
      next: (request) => this.request.set(request),
      error: () => this.failed.set(true),
    });
  }

  protected label(scope: string): string {
    return scopeLabel(scope);
  }

  protected decide(approve: boolean): void {
    if (this.pending()) return;
    this.pending.set(true);
    this.api.decide(this.uid, approve).subscribe({
      next: ({ redirectTo }) => this.leaveFor(redirectTo),
      error: () => {
        this.pending.set(false);
        this.request.set(null);
        this.failed.set(true);
      },
    });
  }
}

import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { loadLatest } from '../../shared/load/load';
import { AdminApi, OidcClientView } from './admin-api';
import { AdminNav } from './admin-nav';

/** One application's facts in the page's language. */
export function appFacts(client: OidcClientView) {
  return {
    type:
      client.type === 'confidential'
        ? $localize`:@@apps.type.confidential:機密クライアント (シークレットで認証)`
        : $localize`:@@apps.type.public:公開クライアント (PKCE のみ)`,
    scope:
      client.scope === 'contract'
        ? $localize`:@@apps.scope.contract:この契約のアカウントのみ`
        : $localize`:@@apps.scope.all:すべての契約のアカウント`,
    consent: client.consent
      ? $localize`:@@apps.consent.on:あり`
      : $localize`:@@apps.consent.off:なし`,
    requireMfa: client.requireMfa
      ? $localize`:@@apps.mfa.required:必須`
      : $localize`:@@apps.mfa.optional:必須ではない`,
    state: client.disabled
      ? $localize`:@@apps.state.disabled:無効`
      : $localize`:@@apps.state.enabled:有効`,
  };
}

/**
 * 「アプリケーション」: the applications the contract's accounts can sign in to with Tobira
 * (OpenID Connect clients), read-only: the operator registers and changes them with the CLI.
 */
@Component({
  selector: 'app-apps-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AdminNav],
  templateUrl: './apps-page.html',
})
export class AppsPage {
  private readonly api = inject(AdminApi);
  protected readonly load = loadLatest(signal(null), () => this.api.oidcClients());
  protected readonly apps = computed(() => {
    const load = this.load();
    return load.status === 'ready'
      ? load.value.map((client) => ({ ...client, facts: appFacts(client) }))
      : null;
  });
}

/**
 * What names a security event: the kind and its detail, as both `GET /api/activity` (ActivityDto)
 * and `GET /api/admin/security-log` describe them.
 */
export interface LabelledEvent {
  readonly kind: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** Who acted on a security event: `user`, `admin`, `operator`, `system`, or a kind added later. */
export interface ActedEvent {
  readonly actorKind: string;
  readonly actorUsername: string | null;
}

function signInFailure(reason: unknown): string {
  switch (reason) {
    case 'wrong_password':
      return $localize`:@@activity.kind.signInFailed.wrongPassword:ログイン失敗 (パスワード誤り)`;
    case 'unknown_username':
      return $localize`:@@activity.kind.signInFailed.unknownUsername:ログイン失敗 (ユーザ名誤り)`;
    case 'disabled':
      return $localize`:@@activity.kind.signInFailed.disabled:ログイン失敗 (アカウント無効)`;
    case 'expired':
      return $localize`:@@activity.kind.signInFailed.expired:ログイン失敗 (アカウント有効期限切れ)`;
    case 'locked':
      return $localize`:@@activity.kind.signInFailed.locked:ログイン失敗 (ロック中)`;
    case 'delayed':
      return $localize`:@@activity.kind.signInFailed.delayed:ログイン失敗 (連続失敗後の待機中)`;
    case 'temporary_password_expired':
      return $localize`:@@activity.kind.signInFailed.temporaryPasswordExpired:ログイン失敗 (仮パスワード有効期限切れ)`;
    default:
      if (typeof reason === 'string' && reason.startsWith('passkey_')) {
        return $localize`:@@activity.kind.signInFailed.passkey:ログイン失敗 (パスキーを確認できません)`;
      }
      return $localize`:@@activity.kind.signInFailed:ログイン失敗`;
  }
}

/** The application an OpenID Connect event is about (its registered name). */
function clientOf(event: LabelledEvent): string {
  const { client, clientId } = event.detail;
  return typeof client === 'string' ? client : typeof clientId === 'string' ? clientId : '-';
}

function mfaPassed(factor: unknown): string {
  switch (factor) {
    case 'recovery_code':
      return $localize`:@@activity.kind.signInMfaPassed.recoveryCode:ログイン (リカバリーコードで多要素認証)`;
    case 'passkey':
      return $localize`:@@activity.kind.signInMfaPassed.passkey:ログイン (パスキーで多要素認証)`;
    default:
      return $localize`:@@activity.kind.signInMfaPassed:ログイン (多要素認証)`;
  }
}

function mfaCodeFailed(reason: unknown): string {
  switch (reason) {
    case 'locked':
      return $localize`:@@activity.kind.mfaCodeFailed.locked:多要素認証の確認コード誤り (ロック中)`;
    case 'session_limit':
      return $localize`:@@activity.kind.mfaCodeFailed.sessionLimit:多要素認証の確認コード誤り (入力回数の上限)`;
    default:
      return $localize`:@@activity.kind.mfaCodeFailed:多要素認証の確認コード誤り`;
  }
}

function confirmationFailed(reason: unknown): string {
  switch (reason) {
    case 'locked':
      return $localize`:@@activity.kind.confirmationFailed.locked:パスワードの再入力失敗 (ロック中)`;
    case 'delayed':
      return $localize`:@@activity.kind.confirmationFailed.delayed:パスワードの再入力失敗 (連続失敗後の待機中)`;
    default:
      return $localize`:@@activity.kind.confirmationFailed:パスワードの再入力失敗 (パスワード誤り)`;
  }
}

function sessionEnded(scope: unknown): string {
  switch (scope) {
    case 'this':
      return $localize`:@@activity.kind.sessionEnded.this:セッションの終了 (操作した端末)`;
    case 'one':
      return $localize`:@@activity.kind.sessionEnded.one:セッションの終了 (他の端末)`;
    case 'others':
      return $localize`:@@activity.kind.sessionEnded.others:セッションの終了 (他のすべての端末)`;
    default:
      return $localize`:@@activity.kind.sessionEnded:セッションの終了`;
  }
}

/** What happened, in the reader's language; a kind this client does not know yet still reads. */
export function activityLabel(event: LabelledEvent): string {
  switch (event.kind) {
    case 'sign_in.succeeded':
      // Before the code step had its own events, a password accepted with MFA on was this.
      if (event.detail['mfaPending'] === true) {
        return $localize`:@@activity.kind.signInMfaPending:パスワード確認済み (確認コード入力待ち)`;
      }
      return event.detail['method'] === 'passkey'
        ? $localize`:@@activity.kind.signInPasskey:ログイン (パスキー)`
        : $localize`:@@activity.kind.signInSucceeded:ログイン`;
    case 'sign_in.mfa_pending':
      return $localize`:@@activity.kind.signInMfaPending:パスワード確認済み (確認コード入力待ち)`;
    case 'sign_in.mfa_passed':
      return mfaPassed(event.detail['factor']);
    case 'password.confirmation_failed':
      return confirmationFailed(event.detail['reason']);
    case 'sign_in.failed':
      return signInFailure(event.detail['reason']);
    case 'sign_out':
      return $localize`:@@activity.kind.signOut:ログアウト`;
    case 'session.ended':
      return sessionEnded(event.detail['scope']);
    case 'password.changed':
      return $localize`:@@activity.kind.passwordChanged:パスワード変更`;
    case 'account.created':
      return $localize`:@@activity.kind.accountCreated:アカウント発行`;
    case 'account.temporary_password_reissued':
      return $localize`:@@activity.kind.temporaryPasswordReissued:仮パスワード再発行`;
    case 'account.locked':
      return $localize`:@@activity.kind.accountLocked:アカウントの一時ロック`;
    case 'account.unlocked':
      return $localize`:@@activity.kind.accountUnlocked:アカウントのロック解除`;
    case 'account.expiry_changed':
      return $localize`:@@activity.kind.accountExpiryChanged:アカウント有効期限の変更`;
    case 'account.role_changed':
      return $localize`:@@activity.kind.accountRoleChanged:権限の変更`;
    case 'account.disabled':
      return $localize`:@@activity.kind.accountDisabled:アカウントの無効化`;
    case 'account.enabled':
      return $localize`:@@activity.kind.accountEnabled:アカウントの有効化`;
    case 'account.sessions_ended':
      return $localize`:@@activity.kind.accountSessionsEnded:すべてのセッションの終了`;
    case 'account.mfa_reset':
      return $localize`:@@activity.kind.accountMfaReset:多要素認証のリセット`;
    case 'organization.created':
      return $localize`:@@activity.kind.organizationCreated:契約の登録`;
    case 'organization.ended':
      return $localize`:@@activity.kind.organizationEnded:契約のサービス終了日の設定`;
    case 'mfa.enabled':
      return $localize`:@@activity.kind.mfaEnabled:多要素認証の有効化`;
    case 'mfa.disabled':
      return $localize`:@@activity.kind.mfaDisabled:多要素認証の無効化`;
    case 'mfa.code_failed':
      return mfaCodeFailed(event.detail['reason'] ?? (event.detail['locked'] ? 'locked' : null));
    case 'mfa.locked':
      return $localize`:@@activity.kind.mfaLocked:多要素認証の一時ロック`;
    case 'account.bulk_issued':
      return $localize`:@@activity.kind.bulkIssued:アカウントの一括発行`;
    case 'account.bulk_issue_refused':
      return $localize`:@@activity.kind.bulkIssueRefused:アカウント一括発行の失敗`;
    case 'mfa.recovery_code_used':
      return $localize`:@@activity.kind.mfaRecoveryCodeUsed:リカバリーコードでのログイン`;
    case 'mfa.recovery_codes_regenerated':
      return $localize`:@@activity.kind.mfaRecoveryCodesRegenerated:リカバリーコードの再発行`;
    case 'passkey.registered':
      return $localize`:@@activity.kind.passkeyRegistered:パスキーの登録`;
    case 'passkey.renamed':
      return $localize`:@@activity.kind.passkeyRenamed:パスキーの名前の変更`;
    case 'passkey.deleted':
      return $localize`:@@activity.kind.passkeyDeleted:パスキーの削除`;
    case 'passkey.refused':
      return $localize`:@@activity.kind.passkeyRefused:パスキーの確認失敗`;
    case 'oidc.authorized':
      return $localize`:@@activity.kind.oidcAuthorized:アプリケーションへのログイン (${clientOf(event)}:client:)`;
    case 'oidc.token_issued':
      return $localize`:@@activity.kind.oidcTokenIssued:アプリケーションへのトークン発行 (${clientOf(event)}:client:)`;
    case 'oidc.token_refreshed':
      return $localize`:@@activity.kind.oidcTokenRefreshed:アプリケーションのトークン更新 (${clientOf(event)}:client:)`;
    case 'oidc.token_revoked':
      return $localize`:@@activity.kind.oidcTokenRevoked:アプリケーションのトークン失効 (${clientOf(event)}:client:)`;
    case 'oidc.logout':
      return $localize`:@@activity.kind.oidcLogout:アプリケーションからのログアウト (${clientOf(event)}:client:)`;
    case 'oidc.refused':
      return $localize`:@@activity.kind.oidcRefused:アプリケーションへのログイン拒否 (${clientOf(event)}:client:)`;
    case 'oidc.client_created':
      return $localize`:@@activity.kind.oidcClientCreated:アプリケーションの登録 (${clientOf(event)}:client:)`;
    case 'oidc.client_secret_rotated':
      return $localize`:@@activity.kind.oidcClientSecretRotated:アプリケーションのシークレット再発行 (${clientOf(event)}:client:)`;
    case 'oidc.client_disabled':
      return $localize`:@@activity.kind.oidcClientDisabled:アプリケーションの無効化 (${clientOf(event)}:client:)`;
    default:
      return $localize`:@@activity.kind.other:その他のセキュリティ操作 (${event.kind}:kind:)`;
  }
}

/** Who did it, when it was not the user: 「アカウント管理者 (sato) による」, 「運用者による」. */
export function activityActor(event: ActedEvent): string | null {
  switch (event.actorKind) {
    case 'admin':
      return event.actorUsername
        ? $localize`:@@activity.actor.adminNamed:アカウント管理者 (${event.actorUsername}:username:) による`
        : $localize`:@@activity.actor.admin:アカウント管理者による`;
    case 'operator':
      return $localize`:@@activity.actor.operator:運用者による`;
    case 'system':
      return $localize`:@@activity.actor.system:システムによる`;
    case 'user':
      return null;
    default:
      // An actor kind added on the server later: better unsaid than mislabelled.
      return null;
  }
}

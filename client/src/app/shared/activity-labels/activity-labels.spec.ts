import { anActivityEvent } from '../../testing/factories';
import { activityActor, activityLabel } from './activity-labels';

describe('activityLabel', () => {
  it.each([
    ['sign_in.succeeded', {}, 'ログイン'],
    ['sign_in.succeeded', { mfaPending: true }, 'パスワード確認済み (確認コード入力待ち)'],
    ['sign_in.mfa_pending', {}, 'パスワード確認済み (確認コード入力待ち)'],
    ['sign_in.mfa_passed', { factor: 'totp' }, 'ログイン (多要素認証)'],
    [
      'sign_in.mfa_passed',
      { factor: 'recovery_code', remaining: 9 },
      'ログイン (リカバリーコードで多要素認証)',
    ],
    [
      'password.confirmation_failed',
      { purpose: 'mfa_disable', reason: 'wrong_password' },
      'パスワードの再入力失敗 (パスワード誤り)',
    ],
    [
      'password.confirmation_failed',
      { purpose: 'end_session', reason: 'locked' },
      'パスワードの再入力失敗 (ロック中)',
    ],
    ['mfa.code_failed', { reason: 'wrong_code' }, '多要素認証の確認コード誤り'],
    ['mfa.code_failed', { reason: 'locked' }, '多要素認証の確認コード誤り (ロック中)'],
    ['mfa.code_failed', { locked: true }, '多要素認証の確認コード誤り (ロック中)'],
    ['mfa.code_failed', { reason: 'session_limit' }, '多要素認証の確認コード誤り (入力回数の上限)'],
    ['mfa.locked', { failures: 10 }, '多要素認証の一時ロック'],
    ['account.bulk_issue_refused', { reason: 'limited' }, 'アカウント一括発行の失敗'],
    ['sign_in.failed', { reason: 'wrong_password' }, 'ログイン失敗 (パスワード誤り)'],
    ['sign_in.failed', { reason: 'unknown_username' }, 'ログイン失敗 (ユーザ名誤り)'],
    ['sign_in.failed', { reason: 'disabled' }, 'ログイン失敗 (アカウント無効)'],
    ['sign_in.failed', { reason: 'expired' }, 'ログイン失敗 (アカウント有効期限切れ)'],
    [
      'sign_in.failed',
      { reason: 'temporary_password_expired' },
      'ログイン失敗 (仮パスワード有効期限切れ)',
    ],
    ['sign_in.failed', { reason: 'locked' }, 'ログイン失敗 (ロック中)'],
    ['sign_in.failed', { reason: 'delayed' }, 'ログイン失敗 (連続失敗後の待機中)'],
    ['sign_in.failed', { reason: 'some_new_reason' }, 'ログイン失敗'],
    ['sign_in.failed', {}, 'ログイン失敗'],
    ['sign_out', {}, 'ログアウト'],
    ['session.ended', { scope: 'this', ended: 1 }, 'セッションの終了 (操作した端末)'],
    ['session.ended', { scope: 'one', ended: 1 }, 'セッションの終了 (他の端末)'],
    ['session.ended', { scope: 'others', ended: 2 }, 'セッションの終了 (他のすべての端末)'],
    ['session.ended', {}, 'セッションの終了'],
    ['password.changed', {}, 'パスワード変更'],
    ['account.created', { role: 'user' }, 'アカウント発行'],
    ['account.temporary_password_reissued', {}, '仮パスワード再発行'],
    ['account.locked', { failures: 10 }, 'アカウントの一時ロック'],
    ['account.unlocked', {}, 'アカウントのロック解除'],
    ['account.disabled', {}, 'アカウントの無効化'],
    ['account.role_changed', { from: 'user', to: 'admin' }, '権限の変更'],
    ['account.mfa_reset', {}, '多要素認証のリセット'],
    ['mfa.enabled', {}, '多要素認証の有効化'],
    ['mfa.recovery_code_used', { remaining: 9 }, 'リカバリーコードでのログイン'],
    ['organization.created', {}, '契約の登録'],
    ['webauthn.added', {}, 'その他のセキュリティ操作 (webauthn.added)'],
    ['admin.account.disabled', {}, 'その他のセキュリティ操作 (admin.account.disabled)'],
  ])('names %s %j 「%s」', (kind, detail, label) => {
    expect(activityLabel(anActivityEvent({ kind, detail }))).toBe(label);
  });
});

describe('activityActor', () => {
  it.each([
    ['user', null, null],
    ['admin', 'sato-admin', 'アカウント管理者 (sato-admin) による'],
    ['admin', null, 'アカウント管理者による'],
    ['operator', null, '運用者による'],
    ['system', null, 'システムによる'],
    ['robot', 'r2', null],
  ])('says who acted for %s %s: %s', (actorKind, actorUsername, actor) => {
    expect(activityActor(anActivityEvent({ actorKind, actorUsername }))).toBe(actor);
  });
});

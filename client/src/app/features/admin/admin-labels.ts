import { Role } from '../../core/session/session';
import { AccountState } from './admin-api';

export function roleLabel(role: Role): string {
  switch (role) {
    case 'user':
      return $localize`:@@role.user:一般ユーザ`;
    case 'admin':
      return $localize`:@@role.admin:アカウント管理者`;
  }
}

export function stateLabel(state: AccountState): string {
  switch (state) {
    case 'active':
      return $localize`:@@admin.state.active:利用中`;
    case 'password_change_pending':
      return $localize`:@@admin.state.passwordChangePending:仮パスワード (未変更)`;
    case 'disabled':
      return $localize`:@@admin.state.disabled:無効`;
    case 'expired':
      return $localize`:@@admin.state.expired:有効期限切れ`;
    case 'locked':
      return $localize`:@@admin.state.locked:ロック中`;
  }
}

export function mfaLabel(enabled: boolean): string {
  return enabled ? $localize`:@@admin.mfa.on:有効` : $localize`:@@admin.mfa.off:無効`;
}

/** "2027-03-31" → "2027/03/31", the manual's format; "-" when there is none. */
export function formatDate(isoDate: string | null): string {
  return isoDate === null ? '-' : isoDate.slice(0, 10).replaceAll('-', '/');
}

/** A sign-in time in the viewer's zone, "2026/11/28 14:05"; "-" when never. */
export function formatDateTime(isoDateTime: string | null): string {
  if (isoDateTime === null) return '-';
  const d = new Date(isoDateTime);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}/${two(d.getMonth() + 1)}/${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

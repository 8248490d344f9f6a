import type { Role } from '../users/user.entity';

/** One row of an account list (アカウント一覧表), as handed to a customer. */
export interface AccountListEntry {
  plan: string;
  username: string;
  role: Role;
  temporaryPassword: string;
  serviceStartsOn: string;
}

/**
 * The manual's columns in its order (プラン, アカウント (ユーザ名), 初期パスワード, サービス), then the
 * role, which the printed list shows as the table's heading (管理者用 / 一般ユーザアカウント).
 */
export const ACCOUNT_LIST_HEADER = [
  'プラン',
  'アカウント (ユーザ名)',
  '初期パスワード',
  'サービス',
  '権限',
];

const ROLE_LABELS: Record<Role, string> = { admin: 'アカウント管理者', user: '一般ユーザ' };

/**
 * One RFC 4180 field. A value a spreadsheet would run as a formula (OWASP's CSV injection: it
 * begins with =, +, -, @, a tab or a carriage return) is neutralised with a leading apostrophe,
 * which spreadsheets show as text: a contract's plan or any other value typed by someone else
 * must not become a HYPERLINK or a command on the administrator's machine.
 */
export function csvField(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 CSV with a header row and CRLF line ends. */
export function accountListCsv(entries: AccountListEntry[]): string {
  const rows = entries.map((e) => [
    e.plan,
    e.username,
    e.temporaryPassword,
    e.serviceStartsOn,
    ROLE_LABELS[e.role],
  ]);
  return [ACCOUNT_LIST_HEADER, ...rows].map((r) => `${r.map(csvField).join(',')}\r\n`).join('');
}

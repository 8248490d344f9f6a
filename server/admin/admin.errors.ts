import { HttpStatus } from '@nestjs/common';
import { defineErrors, defineFieldProblems } from '../http/app-error';

type Params = Record<string, number>;

export const adminError = defineErrors({
  ADMIN_ROLE_REQUIRED: {
    status: HttpStatus.FORBIDDEN,
    ja: 'この操作はアカウント管理者のみ行えます。',
    en: 'Only account administrators can do this.',
  },
  BULK_ISSUE_LIMITED: {
    status: HttpStatus.TOO_MANY_REQUESTS,
    ja: '一括発行が続けて受け付けられませんでした。しばらく待ってから再度お試しください。',
    en: 'Too many bulk uploads were refused. Please wait a while and try again.',
  },
});

/** "Row 3: " when the problem is a row of an uploaded CSV. */
const at = {
  ja: (p: Params) => (p.row ? `${p.row} 行目: ` : ''),
  en: (p: Params) => (p.row ? `Row ${p.row}: ` : ''),
};

/** Field problems of account administration and of the contract's security log. */
export const adminFieldProblem = defineFieldProblems({
  USERNAME_INVALID: {
    ja: (p) => `${at.ja(p)}ユーザ名は64文字以内の半角英数字と . _ @ - で、英数字で始めてください。`,
    en: (p) =>
      `${at.en(p)}A username is up to 64 letters, digits and . _ @ -, starting with a letter or digit.`,
  },
  USERNAME_TAKEN: {
    ja: (p) => `${at.ja(p)}このユーザ名はすでに使われています。`,
    en: (p) => `${at.en(p)}This username is already in use.`,
  },
  USERNAME_UNAVAILABLE: {
    ja: (p) => `${at.ja(p)}このユーザ名は使用できません。別のユーザ名にしてください。`,
    en: (p) => `${at.en(p)}This username is not available. Choose another.`,
  },
  USERNAME_DUPLICATE: {
    ja: (p) => `${at.ja(p)}${p.first} 行目と同じユーザ名です。`,
    en: (p) => `${at.en(p)}The same username as row ${p.first}.`,
  },
  ROLE_INVALID: {
    ja: (p) =>
      `${at.ja(p)}権限は「一般ユーザ」か「アカウント管理者」(user / admin) にしてください。`,
    en: (p) => `${at.en(p)}The role must be user or admin.`,
  },
  EXPIRY_INVALID: {
    ja: (p) => `${at.ja(p)}有効期限は YYYY-MM-DD 形式の日付で入力してください。`,
    en: (p) => `${at.en(p)}Enter the expiry date as YYYY-MM-DD.`,
  },
  EXPIRY_IN_PAST: {
    ja: (p) => `${at.ja(p)}有効期限には今日以降の日付を入力してください。`,
    en: (p) => `${at.en(p)}The expiry date must be today or later.`,
  },
  EXPIRY_AFTER_CONTRACT_END: {
    ja: (p) => `${at.ja(p)}有効期限は契約のサービス終了日以前にしてください。`,
    en: (p) => `${at.en(p)}The expiry date cannot be after the contract's service end date.`,
  },
  CSV_EMPTY: {
    ja: () => 'CSV にアカウントがありません。',
    en: () => 'The CSV has no accounts.',
  },
  CSV_TOO_MANY_ROWS: {
    ja: (p) => `一度に登録できるのは ${p.max} 件までです。`,
    en: (p) => `At most ${p.max} accounts can be issued at once.`,
  },
  CSV_EXTRA_COLUMNS: {
    ja: (p) => `${at.ja(p)}列が多すぎます (ユーザ名, 権限, 有効期限 の3列までです)。`,
    en: (p) => `${at.en(p)}Too many columns (at most: username, role, expiry date).`,
  },
  DATE_INVALID: {
    ja: () => '日付は YYYY-MM-DD 形式で入力してください。',
    en: () => 'Enter the date as YYYY-MM-DD.',
  },
  DATE_BEFORE_FROM: {
    ja: () => '終了日は開始日以降の日付にしてください。',
    en: () => 'The end date must be on or after the start date.',
  },
});

export type AdminFieldProblemCode = Parameters<typeof adminFieldProblem>[0];

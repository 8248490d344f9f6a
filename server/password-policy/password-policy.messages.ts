import type { Locale } from '../http/locale';
import type { PasswordPolicyPreset } from './password-policy.config';
import type { PolicyRuleCode } from './password-policy';

type Params = Record<string, number>;

interface RuleWording {
  /** A checklist item the client shows beside a tick. */
  item(params: Params): string;
  /** The sentence shown when the rule fails. */
  violation(params: Params): string;
}

export const RULE_WORDING: Record<Locale, Record<PolicyRuleCode, RuleWording>> = {
  ja: {
    MIN_LENGTH: {
      item: (p) => `${p.min}文字以上`,
      violation: (p) => `パスワードは${p.min}文字以上にしてください。`,
    },
    MAX_LENGTH: {
      item: (p) => `${p.max}文字以内`,
      violation: (p) => `パスワードは${p.max}文字以内にしてください。`,
    },
    ASCII_PRINTABLE: {
      item: () => '半角の英数字・記号のみ',
      violation: () =>
        'パスワードには半角の英数字・記号のみを使ってください（全角文字は使えません）。',
    },
    UPPERCASE: {
      item: () => '半角の英大文字を含む',
      violation: () => 'パスワードには半角の英大文字（A〜Z）を1文字以上含めてください。',
    },
    DIGIT_OR_SYMBOL: {
      item: () => '半角の数字または記号を含む',
      violation: () => 'パスワードには半角の数字または記号を1文字以上含めてください。',
    },
    NOT_USERNAME: {
      item: () => 'ユーザ名を含まない',
      violation: () => 'パスワードにユーザ名を含めないでください。',
    },
    NOT_CURRENT: {
      item: () => '現在のパスワードと異なる',
      violation: () => '現在のパスワードとは異なるパスワードにしてください。',
    },
    NOT_COMMON: {
      item: () => 'よく使われるパスワードではない',
      violation: () =>
        'このパスワードはよく使われているため使えません。別のパスワードにしてください。',
    },
    NOT_RECENT: {
      item: (p) => `最近使った${p.count}個のパスワードと異なる`,
      violation: (p) =>
        `最近使った${p.count}個のパスワードは使えません。別のパスワードにしてください。`,
    },
  },
  en: {
    MIN_LENGTH: {
      item: (p) => `At least ${p.min} characters`,
      violation: (p) => `Use at least ${p.min} characters.`,
    },
    MAX_LENGTH: {
      item: (p) => `At most ${p.max} characters`,
      violation: (p) => `Use at most ${p.max} characters.`,
    },
    ASCII_PRINTABLE: {
      item: () => 'Only half-width letters, digits and symbols',
      violation: () =>
        'Use only half-width letters, digits and symbols (no full-width characters).',
    },
    UPPERCASE: {
      item: () => 'At least one upper-case letter (A-Z)',
      violation: () => 'Include at least one half-width upper-case letter (A-Z).',
    },
    DIGIT_OR_SYMBOL: {
      item: () => 'At least one digit or symbol',
      violation: () => 'Include at least one half-width digit or symbol.',
    },
    NOT_USERNAME: {
      item: () => 'Does not contain the username',
      violation: () => 'Do not include your username in the password.',
    },
    NOT_CURRENT: {
      item: () => 'Different from the current password',
      violation: () => 'Choose a password different from your current one.',
    },
    NOT_COMMON: {
      item: () => 'Not a commonly used password',
      violation: () => 'This password is too common. Choose another one.',
    },
    NOT_RECENT: {
      item: (p) => `Not one of the last ${lastPasswords(p.count)}`,
      violation: (p) =>
        `You used this password recently. Choose one that is not among your last ${lastPasswords(p.count)}.`,
    },
  },
};

function lastPasswords(count: number): string {
  return count === 1 ? 'password' : `${count} passwords`;
}

export const SUMMARY: Record<
  Locale,
  Record<PasswordPolicyPreset, (min: number, max: number) => string>
> = {
  ja: {
    // The manual's own sentence, worded for whatever lengths are configured.
    manual: (min, max) =>
      `パスワードは、${min}文字以上${max}文字以内の長さで、半角の英大文字と数字・記号を混在させてください。`,
    nist: (min, max) =>
      `パスワードは、${min}文字以上${max}文字以内の長さにしてください。文字の種類は問いません。覚えやすい長い文（パスフレーズ）がおすすめです。`,
  },
  en: {
    manual: (min, max) =>
      `Use ${min} to ${max} characters, mixing half-width upper-case letters with digits or symbols.`,
    nist: (min, max) =>
      `Use ${min} to ${max} characters of any kind. A long phrase you can remember works well.`,
  },
};

/** `GET /api/password-policy` (docs/api.md, "PasswordPolicy"). */
export interface PasswordPolicyRule {
  readonly code: string;
  readonly params: Readonly<Record<string, number>>;
  /** The server's own wording, used only for codes this client does not know. */
  readonly message: string;
  readonly clientCheck: boolean;
}

export interface PasswordPolicy {
  readonly preset: string;
  readonly minLength: number;
  readonly maxLength: number;
  readonly summary: string;
  readonly rules: readonly PasswordPolicyRule[];
}

/** What a candidate password is checked against. */
export interface PasswordCandidate {
  readonly password: string;
  readonly username: string;
  readonly currentPassword: string;
}

const ASCII_PRINTABLE = /^[\x20-\x7E]*$/;
const UPPERCASE = /[A-Z]/;
// Digits and the ASCII symbols !"#$%&'()*+,-./ :;<=>?@ [\]^_` {|}~ (space is not a symbol).
const DIGIT_OR_SYMBOL = /[\x21-\x40\x5B-\x60\x7B-\x7E]/;

function param(rule: PasswordPolicyRule, name: string): number | null {
  const value = rule.params[name];
  return typeof value === 'number' ? value : null;
}

/**
 * Evaluates one rule the way the server does (docs/api.md): true when met, false when not, null
 * when only the server can decide (server-only rules and codes this client does not know).
 */
export function evaluateRule(
  rule: PasswordPolicyRule,
  candidate: PasswordCandidate,
): boolean | null {
  if (!rule.clientCheck) return null;
  const { password, username, currentPassword } = candidate;
  switch (rule.code) {
    case 'MIN_LENGTH': {
      const min = param(rule, 'min');
      return min === null ? null : password.length >= min;
    }
    case 'MAX_LENGTH': {
      const max = param(rule, 'max');
      return max === null ? null : password.length <= max;
    }
    case 'ASCII_PRINTABLE':
      return ASCII_PRINTABLE.test(password);
    case 'UPPERCASE':
      return UPPERCASE.test(password);
    case 'DIGIT_OR_SYMBOL':
      return DIGIT_OR_SYMBOL.test(password);
    case 'NOT_USERNAME':
      return username === '' || !password.toLowerCase().includes(username.toLowerCase());
    case 'NOT_CURRENT':
      return password !== currentPassword;
    default:
      return null;
  }
}

/** Codes of the rules the browser can show as failed, in the policy's order. */
export function failedRules(
  rules: readonly PasswordPolicyRule[],
  candidate: PasswordCandidate,
): string[] {
  return rules.filter((rule) => evaluateRule(rule, candidate) === false).map((rule) => rule.code);
}

/** The checklist wording of a rule in the client's language. */
export function ruleLabel(rule: PasswordPolicyRule): string {
  switch (rule.code) {
    case 'MIN_LENGTH': {
      const min = param(rule, 'min');
      return min === null ? rule.message : $localize`:@@policy.rule.minLength:${min}:min:文字以上`;
    }
    case 'MAX_LENGTH': {
      const max = param(rule, 'max');
      return max === null ? rule.message : $localize`:@@policy.rule.maxLength:${max}:max:文字以内`;
    }
    case 'ASCII_PRINTABLE':
      return $localize`:@@policy.rule.asciiPrintable:半角の英数字・記号のみ`;
    case 'UPPERCASE':
      return $localize`:@@policy.rule.uppercase:半角の英大文字を含む`;
    case 'DIGIT_OR_SYMBOL':
      return $localize`:@@policy.rule.digitOrSymbol:半角の数字または記号を含む`;
    case 'NOT_USERNAME':
      return $localize`:@@policy.rule.notUsername:ユーザ名を含まない`;
    case 'NOT_CURRENT':
      return $localize`:@@policy.rule.notCurrent:現在のパスワードと異なる`;
    case 'NOT_COMMON':
      return $localize`:@@policy.rule.notCommon:よく使われるパスワードではない`;
    case 'NOT_RECENT': {
      const count = param(rule, 'count');
      return count === null
        ? rule.message
        : $localize`:@@policy.rule.notRecent:最近使った${count}:count:個のパスワードと異なる`;
    }
    default:
      return rule.message;
  }
}

/** The policy sentence shown when the server's own could not be loaded (the manual's default). */
export function fallbackPolicySummary(): string {
  return $localize`:@@policy.summary.fallback:パスワードは、10文字以上255文字以内の長さで、半角の英大文字と数字・記号を混在させてください。`;
}

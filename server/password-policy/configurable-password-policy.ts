import { Inject, Injectable } from '@nestjs/common';
import type { Locale } from '../http/locale';
import { PASSWORD_HASHER } from '../password-hashing/password-hasher';
import type { PasswordHasher } from '../password-hashing/password-hasher';
import { isCommonPassword } from './common-passwords';
import type {
  PasswordCandidate,
  PasswordPolicy,
  PasswordPolicyDescription,
  PolicyRuleCode,
  PolicyViolation,
} from './password-policy';
import { passwordPolicyConfig, type PasswordPolicySettings } from './password-policy.config';
import { RULE_WORDING, SUMMARY } from './password-policy.messages';

interface Rule {
  code: PolicyRuleCode;
  params: Record<string, number>;
  clientCheck: boolean;
  passes(candidate: PasswordCandidate): boolean | Promise<boolean>;
}

const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;
const UPPERCASE = /[A-Z]/;
// 0-9 and the 32 ASCII symbols, U+0021–U+002F, U+003A–U+0040, U+005B–U+0060 and U+007B–U+007E.
const DIGIT_OR_SYMBOL = /[\x21-\x40\x5B-\x60\x7B-\x7E]/;

// Lengths count UTF-16 code units (`string.length`) under both presets, exactly as the browser's
// checklist does, so client and server never disagree; under `nist` a character outside the BMP
// (an emoji, a rare kanji) therefore counts as two.
@Injectable()
export class ConfigurablePasswordPolicy implements PasswordPolicy {
  private readonly rules: readonly Rule[];

  constructor(
    @Inject(passwordPolicyConfig.KEY) private readonly settings: PasswordPolicySettings,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
  ) {
    this.rules = this.buildRules();
  }

  describe(locale: Locale): PasswordPolicyDescription {
    const { preset, minLength, maxLength } = this.settings;
    return {
      preset,
      minLength,
      maxLength,
      summary: SUMMARY[locale][preset](minLength, maxLength),
      rules: this.rules.map(({ code, params, clientCheck }) => ({
        code,
        params,
        message: RULE_WORDING[locale][code].item(params),
        clientCheck,
      })),
    };
  }

  async validate(candidate: PasswordCandidate, locale: Locale): Promise<PolicyViolation[]> {
    const passed = await Promise.all(this.rules.map(async (rule) => rule.passes(candidate)));
    return this.rules
      .filter((_, index) => !passed[index])
      .map(({ code, params }) => ({
        code,
        params,
        message: RULE_WORDING[locale][code].violation(params),
      }));
  }

  private buildRules(): Rule[] {
    const { preset, minLength, maxLength, history, blocklist, forbidUsername } = this.settings;
    const manual = preset === 'manual';
    const rules: (Rule | false)[] = [
      {
        code: 'MIN_LENGTH',
        params: { min: minLength },
        clientCheck: true,
        passes: ({ password }) => password.length >= minLength,
      },
      {
        code: 'MAX_LENGTH',
        params: { max: maxLength },
        clientCheck: true,
        passes: ({ password }) => password.length <= maxLength,
      },
      manual && {
        code: 'ASCII_PRINTABLE',
        params: {},
        clientCheck: true,
        passes: ({ password }) => PRINTABLE_ASCII.test(password),
      },
      manual && {
        code: 'UPPERCASE',
        params: {},
        clientCheck: true,
        passes: ({ password }) => UPPERCASE.test(password),
      },
      manual && {
        code: 'DIGIT_OR_SYMBOL',
        params: {},
        clientCheck: true,
        passes: ({ password }) => DIGIT_OR_SYMBOL.test(password),
      },
      forbidUsername && {
        code: 'NOT_USERNAME',
        params: {},
        clientCheck: true,
        passes: ({ password, username }) =>
          username === '' || !password.toLowerCase().includes(username.toLowerCase()),
      },
      {
        code: 'NOT_CURRENT',
        params: {},
        clientCheck: true,
        passes: ({ password, currentPassword }) => password !== currentPassword,
      },
      blocklist && {
        code: 'NOT_COMMON',
        params: {},
        clientCheck: false,
        passes: ({ password }) => !isCommonPassword(password),
      },
      history > 0 && {
        code: 'NOT_RECENT',
        params: { count: history },
        clientCheck: false,
        passes: ({ password, recentHashes = [] }) => this.isNotRecent(password, recentHashes),
      },
    ];
    return rules.filter((rule) => rule !== false);
  }

  private async isNotRecent(password: string, recentHashes: readonly string[]): Promise<boolean> {
    const matches = await Promise.all(
      recentHashes
        .slice(0, this.settings.history)
        .map((hash) => this.hasher.verify(hash, password)),
    );
    return !matches.includes(true);
  }
}

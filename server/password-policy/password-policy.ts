import type { Locale } from '../http/locale';

export const PASSWORD_POLICY = Symbol('PASSWORD_POLICY');

export type PolicyRuleCode =
  | 'MIN_LENGTH'
  | 'MAX_LENGTH'
  | 'ASCII_PRINTABLE'
  | 'UPPERCASE'
  | 'DIGIT_OR_SYMBOL'
  | 'NOT_USERNAME'
  | 'NOT_CURRENT'
  | 'NOT_COMMON'
  | 'NOT_RECENT';

/** Tobira's rule codes, or a code of a replacement policy's own rule (docs/extending.md). */
export type AnyPolicyRuleCode = PolicyRuleCode | (string & {});

/** One rule as `GET /api/password-policy` serves it (docs/api.md). */
export interface PolicyRule {
  code: AnyPolicyRuleCode;
  params: Record<string, number>;
  /** A checklist item, e.g. 「10文字以上」. */
  message: string;
  /** Whether the browser can evaluate the rule as the user types. */
  clientCheck: boolean;
}

export interface PasswordPolicyDescription {
  preset: string;
  minLength: number;
  maxLength: number;
  summary: string;
  rules: PolicyRule[];
}

export interface PolicyViolation {
  code: AnyPolicyRuleCode;
  params: Record<string, number>;
  /** A full sentence, e.g. 「パスワードは10文字以上にしてください。」. */
  message: string;
}

export interface PasswordCandidate {
  password: string;
  username: string;
  /** The password being replaced, when the user typed it. */
  currentPassword?: string;
  /** Hashes of the account's previous passwords, newest first, the current one included. */
  recentHashes?: readonly string[];
}

/**
 * The password rules: what the client shows as a checklist and what the server enforces.
 *
 * The default is `ConfigurablePasswordPolicy`, driven by `PASSWORD_POLICY_PRESET` and friends. To
 * replace it, implement this interface in an `@Injectable()` class and hand it to the module;
 * nothing else changes, because everything else injects `PASSWORD_POLICY`.
 *
 * @example
 * ```ts
 * @Injectable()
 * export class CorporatePasswordPolicy implements PasswordPolicy {
 *   describe(locale: Locale): PasswordPolicyDescription { ... }
 *   async validate(candidate: PasswordCandidate, locale: Locale): Promise<PolicyViolation[]> { ... }
 * }
 *
 * // app.module.ts: instead of importing PasswordPolicyModule
 * imports: [PasswordPolicyModule.forRoot({ policy: CorporatePasswordPolicy })]
 *
 * // in a test
 * Test.createTestingModule({ imports: [PasswordPolicyModule] })
 *   .overrideProvider(PASSWORD_POLICY)
 *   .useClass(CorporatePasswordPolicy);
 * ```
 */
export interface PasswordPolicy {
  /** The rules that are on, in the order `validate` checks them, worded for `locale`. */
  describe(locale: Locale): PasswordPolicyDescription;

  /**
   * Every rule the candidate fails, all at once and in the order of `describe().rules`; an empty
   * array when the password is acceptable.
   */
  validate(candidate: PasswordCandidate, locale: Locale): Promise<PolicyViolation[]>;
}

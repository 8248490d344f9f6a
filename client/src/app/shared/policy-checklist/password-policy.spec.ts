import { aManualPolicy, aRule } from '../../testing/factories';
import { PasswordCandidate, evaluateRule, failedRules, ruleLabel } from './password-policy';

function candidate(
  password: string,
  overrides: Partial<PasswordCandidate> = {},
): PasswordCandidate {
  return { password, username: 'yamada', currentPassword: 'Current#Pass1', ...overrides };
}

describe(evaluateRule.name, () => {
  const sut = evaluateRule;

  it.each([
    // MIN_LENGTH 10 / MAX_LENGTH 255: the boundaries either side.
    ['MIN_LENGTH', { min: 10 }, 'A'.repeat(9), {}, false],
    ['MIN_LENGTH', { min: 10 }, 'A'.repeat(10), {}, true],
    ['MAX_LENGTH', { max: 255 }, 'A'.repeat(255), {}, true],
    ['MAX_LENGTH', { max: 255 }, 'A'.repeat(256), {}, false],
    // Length counts UTF-16 code units, like the server.
    ['MIN_LENGTH', { min: 10 }, '😀'.repeat(5), {}, true],
    // ASCII_PRINTABLE: U+0020–U+007E only; full-width letters, digits and spaces fail.
    ['ASCII_PRINTABLE', {}, 'Abc 123 !~', {}, true],
    ['ASCII_PRINTABLE', {}, 'Ａbcdefgh1!', {}, false],
    ['ASCII_PRINTABLE', {}, 'Abcdefgh１', {}, false],
    ['ASCII_PRINTABLE', {}, 'Abcdefgh1\u3000', {}, false],
    ['ASCII_PRINTABLE', {}, 'パスワードAbc1', {}, false],
    ['ASCII_PRINTABLE', {}, 'Abcdefgh1\t', {}, false],
    // UPPERCASE: A-Z only.
    ['UPPERCASE', {}, 'abcdefgh1!', {}, false],
    ['UPPERCASE', {}, 'abcdefgZ1!', {}, true],
    ['UPPERCASE', {}, 'abcdefgＺ1!', {}, false],
    // DIGIT_OR_SYMBOL: a digit or an ASCII symbol; a space or a full-width digit is neither.
    ['DIGIT_OR_SYMBOL', {}, 'Abcdefghij', {}, false],
    ['DIGIT_OR_SYMBOL', {}, 'Abcdefghi7', {}, true],
    ['DIGIT_OR_SYMBOL', {}, 'Abcdefghi~', {}, true],
    ['DIGIT_OR_SYMBOL', {}, 'Abcdefghi`', {}, true],
    ['DIGIT_OR_SYMBOL', {}, 'Abcdefghi@', {}, true],
    ['DIGIT_OR_SYMBOL', {}, 'Abcdefghi[', {}, true],
    ['DIGIT_OR_SYMBOL', {}, 'Abcde fghi', {}, false],
    ['DIGIT_OR_SYMBOL', {}, 'Abcdefghi１', {}, false],
    // NOT_USERNAME: case-insensitive containment.
    ['NOT_USERNAME', {}, 'My-YAMADA-2025', {}, false],
    ['NOT_USERNAME', {}, 'My-Yamad-2025', {}, true],
    ['NOT_USERNAME', {}, 'Anything-1', { username: '' }, true],
    // NOT_CURRENT: differs from the current password field.
    ['NOT_CURRENT', {}, 'Current#Pass1', {}, false],
    ['NOT_CURRENT', {}, 'current#pass1', {}, true],
  ] as const)('%s with %o: "%s" → %s', (code, params, password, overrides, expected) => {
    expect(sut(aRule(code, params), candidate(password, overrides))).toBe(expected);
  });

  it.each(['NOT_COMMON', 'NOT_RECENT'])('leaves the server-only rule %s undecided', (code) => {
    expect(sut(aRule(code, {}, false), candidate('password'))).toBeNull();
  });

  it('leaves a code it does not know to the server', () => {
    expect(sut(aRule('NEW_RULE'), candidate('Abcdefghi1'))).toBeNull();
  });

  it('leaves a length rule without its parameter to the server', () => {
    expect(sut(aRule('MIN_LENGTH'), candidate('x'))).toBeNull();
  });
});

describe(failedRules.name, () => {
  it('reports every failed client rule at once, in the policy order', () => {
    expect(failedRules(aManualPolicy().rules, candidate('ｙａｍａｄａ'))).toEqual([
      'MIN_LENGTH',
      'ASCII_PRINTABLE',
      'UPPERCASE',
      'DIGIT_OR_SYMBOL',
    ]);
  });

  it('passes a password the manual accepts', () => {
    expect(failedRules(aManualPolicy().rules, candidate('Sakura-2025-spring'))).toEqual([]);
  });
});

describe(ruleLabel.name, () => {
  it('words a rule in the client language with its parameter', () => {
    expect(ruleLabel(aRule('MIN_LENGTH', { min: 15 }))).toBe('15文字以上');
    expect(ruleLabel(aRule('NOT_RECENT', { count: 5 }, false))).toBe(
      '最近使った5個のパスワードと異なる',
    );
  });

  it("falls back to the server's message for an unknown code", () => {
    expect(ruleLabel(aRule('NEW_RULE'))).toBe('server:NEW_RULE');
  });
});

import { Argon2idPasswordHasher } from '../password-hashing/argon2id-password-hasher';
import type { PasswordHasher } from '../password-hashing/password-hasher';
import { readPasswordHashingSettings } from '../password-hashing/password-hashing.config';
import { ConfigurablePasswordPolicy } from './configurable-password-policy';
import type { AnyPolicyRuleCode, PasswordCandidate, PolicyRuleCode } from './password-policy';
import { readPasswordPolicySettings } from './password-policy.config';

const hasher = new Argon2idPasswordHasher(readPasswordHashingSettings({}));

function makePolicy(env: Record<string, string> = {}, passwordHasher: PasswordHasher = hasher) {
  return new ConfigurablePasswordPolicy(readPasswordPolicySettings(env), passwordHasher);
}

function candidate(overrides: Partial<PasswordCandidate> = {}): PasswordCandidate {
  return { password: 'Kx7#mPq2vR', username: 'yamada', ...overrides };
}

async function failedCodes(
  sut: ConfigurablePasswordPolicy,
  overrides: Partial<PasswordCandidate>,
): Promise<AnyPolicyRuleCode[]> {
  return (await sut.validate(candidate(overrides), 'ja')).map((violation) => violation.code);
}

describe(ConfigurablePasswordPolicy.name, () => {
  describe('the manual preset (default)', () => {
    const sut = makePolicy();

    it.each<[string, string, PolicyRuleCode[]]>([
      ['9 characters', 'Kx7#mPq2v', ['MIN_LENGTH']],
      ['10 characters', 'Kx7#mPq2vR', []],
      ['255 characters', 'Kx7#' + 'a'.repeat(251), []],
      ['256 characters', 'Kx7#' + 'a'.repeat(252), ['MAX_LENGTH']],
      [
        'a full-width upper-case letter as the only capital',
        'Ａbcdefgh12',
        ['ASCII_PRINTABLE', 'UPPERCASE'],
      ],
      [
        'full-width digits as the only digits',
        'Kxmpqrvwz１２',
        ['ASCII_PRINTABLE', 'DIGIT_OR_SYMBOL'],
      ],
      ['a Japanese character', 'Kx7#mPq2vRあ', ['ASCII_PRINTABLE']],
      ['a full-width space', 'Kx7#mPq2vR\u3000', ['ASCII_PRINTABLE']],
      ['no upper-case letter', 'kx7#mpq2vr', ['UPPERCASE']],
      ['no digit and no symbol', 'KxmPqvRwzt', ['DIGIT_OR_SYMBOL']],
      [
        'only a space besides letters (a space is not a symbol)',
        'Kxm Pqv Rwz',
        ['DIGIT_OR_SYMBOL'],
      ],
      ['symbols as the only second class', 'Kx#mPq!vR@', []],
      ['digits as the only second class', 'Kx7mPq2vR9', []],
      ['the rarest symbols', 'Kxmpqrvwz`', []],
      ['no lower-case letter', 'KX7#MPQ2VR', []],
      ['spaces', 'Kx7 mPq2 vR', []],
      ['only symbols and a capital', 'K!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~', []],
    ])('%s: %j fails %j', async (_, password, expected) => {
      expect(await failedCodes(sut, { password })).toEqual(expected);
    });

    it.each<[string, Partial<PasswordCandidate>, PolicyRuleCode[]]>([
      ['the username', { password: 'yamada#2025X' }, ['NOT_USERNAME']],
      ['the username in another case', { password: 'YAMADA#2025x' }, ['NOT_USERNAME']],
      ['the username in the middle', { password: 'Kx7#YaMaDa2vR' }, ['NOT_USERNAME']],
      ['part of the username only', { password: 'Kx7#yamadR2v' }, []],
      [
        'the current password',
        { password: 'Kx7#mPq2vR', currentPassword: 'Kx7#mPq2vR' },
        ['NOT_CURRENT'],
      ],
      [
        'the current password in another case',
        { password: 'Kx7#mPq2vR', currentPassword: 'kx7#mpq2vr' },
        [],
      ],
    ])('%s: %j', async (_, overrides, expected) => {
      expect(await failedCodes(sut, overrides)).toEqual(expected);
    });

    it.each([
      'Password123',
      'Password123!',
      'P@ssw0rd123',
      'Qwerty123456',
      'PASSWORD1234',
      'Welcome123!',
      'Summer2025!',
      'Tobira2026!',
      'Qwertyuiop1',
    ])('refuses the common password %j, which passes the composition rules', async (password) => {
      expect(await failedCodes(sut, { password })).toEqual(['NOT_COMMON']);
    });

    describe('recent passwords', () => {
      const previous = [
        'Recent#001',
        'Recent#002',
        'Recent#003',
        'Recent#004',
        'Recent#005',
        'Recent#006',
      ];
      let recentHashes: string[];

      beforeAll(async () => {
        recentHashes = await Promise.all(previous.map((password) => hasher.hash(password)));
      });

      it.each([previous[0], previous[4]])('refuses %j, one of the last five', async (password) => {
        expect(await failedCodes(sut, { password, recentHashes })).toEqual(['NOT_RECENT']);
      });

      it('accepts the sixth most recent password', async () => {
        expect(await failedCodes(sut, { password: previous[5], recentHashes })).toEqual([]);
      });

      it('accepts a password never used, and ignores a malformed stored hash', async () => {
        const hashes = ['garbage', ...recentHashes];

        expect(await failedCodes(sut, { password: 'Kx7#mPq2vR', recentHashes: hashes })).toEqual(
          [],
        );
      });

      it('verifies against the recent hashes in parallel', async () => {
        const pending: (() => void)[] = [];
        const verify = jest.fn(
          () => new Promise<boolean>((resolve) => pending.push(() => resolve(false))),
        );
        const slowHasher = { verify } as unknown as PasswordHasher;
        const validation = makePolicy({}, slowHasher).validate(candidate({ recentHashes }), 'ja');
        await Promise.resolve();

        expect(verify).toHaveBeenCalledTimes(5);
        pending.forEach((resolve) => resolve());
        await expect(validation).resolves.toEqual([]);
      });
    });

    it('reports every failed rule at once, in rule order, with full sentences', async () => {
      const passwordHash = await hasher.hash('password');

      const violations = await sut.validate(
        {
          password: 'password',
          username: 'Word',
          currentPassword: 'password',
          recentHashes: [passwordHash],
        },
        'ja',
      );

      expect(violations).toEqual([
        {
          code: 'MIN_LENGTH',
          params: { min: 10 },
          message: 'パスワードは10文字以上にしてください。',
        },
        {
          code: 'UPPERCASE',
          params: {},
          message: 'パスワードには半角の英大文字（A〜Z）を1文字以上含めてください。',
        },
        {
          code: 'DIGIT_OR_SYMBOL',
          params: {},
          message: 'パスワードには半角の数字または記号を1文字以上含めてください。',
        },
        { code: 'NOT_USERNAME', params: {}, message: 'パスワードにユーザ名を含めないでください。' },
        {
          code: 'NOT_CURRENT',
          params: {},
          message: '現在のパスワードとは異なるパスワードにしてください。',
        },
        {
          code: 'NOT_COMMON',
          params: {},
          message: 'このパスワードはよく使われているため使えません。別のパスワードにしてください。',
        },
        {
          code: 'NOT_RECENT',
          params: { count: 5 },
          message: '最近使った5個のパスワードは使えません。別のパスワードにしてください。',
        },
      ]);
    });

    it('words violations in English', async () => {
      const violations = await sut.validate(candidate({ password: 'ａ' }), 'en');

      expect(violations.map((violation) => violation.message)).toEqual([
        'Use at least 10 characters.',
        'Use only half-width letters, digits and symbols (no full-width characters).',
        'Include at least one half-width upper-case letter (A-Z).',
        'Include at least one half-width digit or symbol.',
      ]);
    });

    it('describes itself in Japanese exactly as docs/api.md shows', () => {
      expect(sut.describe('ja')).toEqual({
        preset: 'manual',
        minLength: 10,
        maxLength: 255,
        summary:
          'パスワードは、10文字以上255文字以内の長さで、半角の英大文字と数字・記号を混在させてください。',
        rules: [
          { code: 'MIN_LENGTH', params: { min: 10 }, message: '10文字以上', clientCheck: true },
          { code: 'MAX_LENGTH', params: { max: 255 }, message: '255文字以内', clientCheck: true },
          {
            code: 'ASCII_PRINTABLE',
            params: {},
            message: '半角の英数字・記号のみ',
            clientCheck: true,
          },
          { code: 'UPPERCASE', params: {}, message: '半角の英大文字を含む', clientCheck: true },
          {
            code: 'DIGIT_OR_SYMBOL',
            params: {},
            message: '半角の数字または記号を含む',
            clientCheck: true,
          },
          { code: 'NOT_USERNAME', params: {}, message: 'ユーザ名を含まない', clientCheck: true },
          {
            code: 'NOT_CURRENT',
            params: {},
            message: '現在のパスワードと異なる',
            clientCheck: true,
          },
          {
            code: 'NOT_COMMON',
            params: {},
            message: 'よく使われるパスワードではない',
            clientCheck: false,
          },
          {
            code: 'NOT_RECENT',
            params: { count: 5 },
            message: '最近使った5個のパスワードと異なる',
            clientCheck: false,
          },
        ],
      });
    });

    it('describes itself in English', () => {
      const description = sut.describe('en');

      expect(description.summary).toBe(
        'Use 10 to 255 characters, mixing half-width upper-case letters with digits or symbols.',
      );
      expect(description.rules.map((rule) => rule.message)).toEqual([
        'At least 10 characters',
        'At most 255 characters',
        'Only half-width letters, digits and symbols',
        'At least one upper-case letter (A-Z)',
        'At least one digit or symbol',
        'Does not contain the username',
        'Different from the current password',
        'Not a commonly used password',
        'Not one of the last 5 passwords',
      ]);
    });
  });

  describe('the nist preset', () => {
    const sut = makePolicy({ PASSWORD_POLICY_PRESET: 'nist' });

    it.each<[string, string, PolicyRuleCode[]]>([
      ['14 characters', 'correct horse1', ['MIN_LENGTH']],
      ['15 lower-case letters and spaces', 'correct horse b', []],
      ['15 Japanese characters', 'あいうえおかきくけこさしすせそ', []],
      ['256 characters', 'x'.repeat(256), ['MAX_LENGTH']],
      ['a common password', 'PasswordPassword', ['NOT_COMMON']],
      ['the username', 'my name is yamada', ['NOT_USERNAME']],
    ])('%s: %j fails %j', async (_, password, expected) => {
      expect(await failedCodes(sut, { password })).toEqual(expected);
    });

    it.each<[string, string, string]>([
      [
        'ja',
        'パスワードは、15文字以上255文字以内の長さにしてください。文字の種類は問いません。覚えやすい長い文（パスフレーズ）がおすすめです。',
        '15文字以上',
      ],
      [
        'en',
        'Use 15 to 255 characters of any kind. A long phrase you can remember works well.',
        'At least 15 characters',
      ],
    ])('describes itself in %s without composition rules', (locale, summary, firstRule) => {
      const description = sut.describe(locale as 'ja' | 'en');

      expect(description).toMatchObject({ preset: 'nist', minLength: 15, maxLength: 255, summary });
      expect(description.rules.map((rule) => rule.code)).toEqual([
        'MIN_LENGTH',
        'MAX_LENGTH',
        'NOT_USERNAME',
        'NOT_CURRENT',
        'NOT_COMMON',
        'NOT_RECENT',
      ]);
      expect(description.rules[0].message).toBe(firstRule);
    });
  });

  describe('settings from the environment', () => {
    it('words the summary for overridden lengths and enforces them', async () => {
      const sut = makePolicy({ PASSWORD_MIN_LENGTH: '12', PASSWORD_MAX_LENGTH: '64' });

      expect(sut.describe('ja').summary).toBe(
        'パスワードは、12文字以上64文字以内の長さで、半角の英大文字と数字・記号を混在させてください。',
      );
      expect(await failedCodes(sut, { password: 'Kx7#mPq2vRz' })).toEqual(['MIN_LENGTH']);
      expect(await failedCodes(sut, { password: 'Kx7#' + 'a'.repeat(61) })).toEqual(['MAX_LENGTH']);
    });

    it('drops NOT_COMMON with PASSWORD_BLOCKLIST=false', async () => {
      const sut = makePolicy({ PASSWORD_BLOCKLIST: 'false' });

      expect(sut.describe('ja').rules.map((rule) => rule.code)).not.toContain('NOT_COMMON');
      expect(await failedCodes(sut, { password: 'Password123!' })).toEqual([]);
    });

    it('drops NOT_USERNAME with PASSWORD_FORBID_USERNAME=false', async () => {
      const sut = makePolicy({ PASSWORD_FORBID_USERNAME: 'false' });

      expect(sut.describe('ja').rules.map((rule) => rule.code)).not.toContain('NOT_USERNAME');
      expect(await failedCodes(sut, { password: 'Yamada#2025x' })).toEqual([]);
    });

    it('drops NOT_RECENT with PASSWORD_HISTORY=0', async () => {
      const sut = makePolicy({ PASSWORD_HISTORY: '0' });
      const recentHashes = [await hasher.hash('Kx7#mPq2vR')];

      expect(sut.describe('ja').rules.map((rule) => rule.code)).not.toContain('NOT_RECENT');
      expect(await failedCodes(sut, { recentHashes })).toEqual([]);
    });

    it('counts PASSWORD_HISTORY previous passwords', async () => {
      const sut = makePolicy({ PASSWORD_HISTORY: '1' });
      const recentHashes = await Promise.all(
        ['Recent#001', 'Kx7#mPq2vR'].map((p) => hasher.hash(p)),
      );

      expect(sut.describe('ja').rules.at(-1)).toEqual({
        code: 'NOT_RECENT',
        params: { count: 1 },
        message: '最近使った1個のパスワードと異なる',
        clientCheck: false,
      });
      expect(sut.describe('en').rules.at(-1)?.message).toBe('Not one of the last password');
      expect(await failedCodes(sut, { password: 'Recent#001', recentHashes })).toEqual([
        'NOT_RECENT',
      ]);
      expect(await failedCodes(sut, { recentHashes })).toEqual([]);
    });
  });
});

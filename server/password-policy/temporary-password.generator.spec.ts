import { Argon2idPasswordHasher } from '../password-hashing/argon2id-password-hasher';
import { readPasswordHashingSettings } from '../password-hashing/password-hashing.config';
import { ConfigurablePasswordPolicy } from './configurable-password-policy';
import type { PasswordPolicy, PolicyViolation } from './password-policy';
import { readPasswordPolicySettings } from './password-policy.config';
import { TemporaryPasswordGenerator } from './temporary-password.generator';

function makePolicy(env: Record<string, string> = {}): PasswordPolicy {
  const hasher = new Argon2idPasswordHasher(readPasswordHashingSettings({}));
  return new ConfigurablePasswordPolicy(readPasswordPolicySettings(env), hasher);
}

async function generateMany(sut: TemporaryPasswordGenerator, username: string, count: number) {
  const passwords: string[] = [];
  for (let i = 0; i < count; i++) passwords.push(await sut.generate(username));
  return passwords;
}

const violation: PolicyViolation = { code: 'NOT_USERNAME', params: {}, message: 'x' };

describe(TemporaryPasswordGenerator.name, () => {
  it('generates 200 distinct 16-character passwords the manual policy accepts', async () => {
    const policy = makePolicy();
    const sut = new TemporaryPasswordGenerator(policy);

    const passwords = await generateMany(sut, 'yamada', 200);

    expect(new Set(passwords).size).toBe(200);
    for (const password of passwords) {
      expect(password).toHaveLength(16);
      expect(await policy.validate({ password, username: 'yamada' }, 'ja')).toEqual([]);
    }
  });

  it('always mixes upper-case, lower-case, a digit and a symbol, without look-alike characters', async () => {
    const sut = new TemporaryPasswordGenerator(makePolicy());

    for (const password of await generateMany(sut, 'yamada', 200)) {
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[0-9]/);
      expect(password).toMatch(/[!#%+=?@]/);
      expect(password).not.toMatch(/[0Oo1lI]/);
    }
  });

  it('never begins with a symbol, so a spreadsheet never reads an account list cell as a formula', async () => {
    const sut = new TemporaryPasswordGenerator(makePolicy());

    // With 7 of the 63 characters symbols, 500 draws without the rule would begin with one ~55 times.
    for (const password of await generateMany(sut, 'yamada', 500)) {
      expect(password).toMatch(/^[A-Za-z0-9]/);
    }
  });

  it('avoids even a one-letter username', async () => {
    const sut = new TemporaryPasswordGenerator(makePolicy());

    for (const password of await generateMany(sut, 'k', 200)) {
      expect(password).not.toMatch(/k/i);
    }
  });

  it('generates at least the minimum length of the nist preset', async () => {
    const policy = makePolicy({ PASSWORD_POLICY_PRESET: 'nist', PASSWORD_MIN_LENGTH: '20' });
    const sut = new TemporaryPasswordGenerator(policy);

    const password = await sut.generate('yamada');

    expect(password).toHaveLength(20);
    expect(await policy.validate({ password, username: 'yamada' }, 'en')).toEqual([]);
  });

  it('draws again while the policy refuses', async () => {
    const policy = makePolicy();
    const validate = jest
      .spyOn(policy, 'validate')
      .mockResolvedValueOnce([violation])
      .mockResolvedValueOnce([violation]);
    const sut = new TemporaryPasswordGenerator(policy);

    const password = await sut.generate('yamada');

    expect(validate).toHaveBeenCalledTimes(3);
    expect(validate).toHaveBeenLastCalledWith({ password, username: 'yamada' }, 'en');
  });

  it('gives up with an error instead of looping on a policy that refuses everything', async () => {
    const policy = makePolicy();
    jest.spyOn(policy, 'validate').mockResolvedValue([violation]);
    const sut = new TemporaryPasswordGenerator(policy);

    await expect(sut.generate('yamada')).rejects.toThrow('password policy');
  });
});

import { ConfigError } from '../config/env';
import { readPasswordPolicySettings } from './password-policy.config';

describe(readPasswordPolicySettings.name, () => {
  it("defaults to the manual's policy with every extra rule on", () => {
    expect(readPasswordPolicySettings({})).toEqual({
      preset: 'manual',
      minLength: 10,
      maxLength: 255,
      history: 5,
      blocklist: true,
      forbidUsername: true,
    });
  });

  it('gives the nist preset 15 to 255 characters', () => {
    expect(readPasswordPolicySettings({ PASSWORD_POLICY_PRESET: 'NIST' })).toMatchObject({
      preset: 'nist',
      minLength: 15,
      maxLength: 255,
    });
  });

  it('lets the environment override the preset and the extra rules', () => {
    const env = {
      PASSWORD_POLICY_PRESET: 'nist',
      PASSWORD_MIN_LENGTH: '20',
      PASSWORD_MAX_LENGTH: '128',
      PASSWORD_HISTORY: '0',
      PASSWORD_BLOCKLIST: 'false',
      PASSWORD_FORBID_USERNAME: 'no',
    };

    expect(readPasswordPolicySettings(env)).toEqual({
      preset: 'nist',
      minLength: 20,
      maxLength: 128,
      history: 0,
      blocklist: false,
      forbidUsername: false,
    });
  });

  it.each([
    ['PASSWORD_POLICY_PRESET', 'strict'],
    ['PASSWORD_MIN_LENGTH', '7'],
    ['PASSWORD_MAX_LENGTH', '63'],
    ['PASSWORD_HISTORY', '-1'],
    ['PASSWORD_BLOCKLIST', 'maybe'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => readPasswordPolicySettings({ [name]: value })).toThrow(ConfigError);
    expect(() => readPasswordPolicySettings({ [name]: value })).toThrow(name);
  });

  it('refuses a minimum above the maximum', () => {
    expect(() =>
      readPasswordPolicySettings({ PASSWORD_MIN_LENGTH: '100', PASSWORD_MAX_LENGTH: '64' }),
    ).toThrow(ConfigError);
  });
});

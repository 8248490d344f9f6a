import { ConfigError } from '../config/env';
import { readPasswordHashingSettings } from './password-hashing.config';

describe(readPasswordHashingSettings.name, () => {
  it("defaults to OWASP's minimum for argon2id: m=19456 KiB, t=2, p=1", () => {
    expect(readPasswordHashingSettings({})).toEqual({
      memoryKib: 19456,
      timeCost: 2,
      parallelism: 1,
    });
  });

  it('reads stronger parameters from the environment', () => {
    const env = { ARGON2_MEMORY_KIB: '65536', ARGON2_TIME_COST: '3', ARGON2_PARALLELISM: '4' };

    expect(readPasswordHashingSettings(env)).toEqual({
      memoryKib: 65536,
      timeCost: 3,
      parallelism: 4,
    });
  });

  it.each([
    ['ARGON2_MEMORY_KIB', '19455'],
    ['ARGON2_MEMORY_KIB', '4096'],
    ['ARGON2_TIME_COST', '1'],
    ['ARGON2_PARALLELISM', '0'],
    ['ARGON2_TIME_COST', 'two'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => readPasswordHashingSettings({ [name]: value })).toThrow(ConfigError);
    expect(() => readPasswordHashingSettings({ [name]: value })).toThrow(name);
  });
});

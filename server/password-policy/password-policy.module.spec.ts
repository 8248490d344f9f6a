import { Injectable } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { PasswordHashingModule } from '../password-hashing/password-hashing.module';
import { ConfigurablePasswordPolicy } from './configurable-password-policy';
import {
  PASSWORD_POLICY,
  type PasswordCandidate,
  type PasswordPolicy,
  type PasswordPolicyDescription,
  type PolicyViolation,
} from './password-policy';
import { PasswordPolicyModule } from './password-policy.module';
import { TemporaryPasswordGenerator } from './temporary-password.generator';

/** Asks for 24 characters, so the generator's output shows which policy it was given. */
@Injectable()
class CorporatePasswordPolicy implements PasswordPolicy {
  describe(): PasswordPolicyDescription {
    return { preset: 'corporate', minLength: 24, maxLength: 64, summary: '', rules: [] };
  }
  validate({ password }: PasswordCandidate): Promise<PolicyViolation[]> {
    return Promise.resolve(
      password.length >= 24 ? [] : [{ code: 'MIN_LENGTH', params: { min: 24 }, message: '' }],
    );
  }
}

function compile(
  builder = Test.createTestingModule({ imports: [PasswordHashingModule, PasswordPolicyModule] }),
) {
  return builder.compile();
}

describe(PasswordPolicyModule.name, () => {
  let moduleRef: TestingModule | undefined;
  const savedPreset = process.env.PASSWORD_POLICY_PRESET;

  afterEach(async () => {
    await moduleRef?.close();
    if (savedPreset === undefined) delete process.env.PASSWORD_POLICY_PRESET;
    else process.env.PASSWORD_POLICY_PRESET = savedPreset;
  });

  it('provides the configurable policy and the generator', async () => {
    moduleRef = await compile();

    expect(moduleRef.get(PASSWORD_POLICY)).toBeInstanceOf(ConfigurablePasswordPolicy);
    expect(await moduleRef.get(TemporaryPasswordGenerator).generate('yamada')).toHaveLength(16);
  });

  it('reads the preset from the environment', async () => {
    process.env.PASSWORD_POLICY_PRESET = 'nist';
    moduleRef = await compile();

    expect(moduleRef.get<PasswordPolicy>(PASSWORD_POLICY).describe('ja').preset).toBe('nist');
  });

  it('honours an override of PASSWORD_POLICY, in the generator too', async () => {
    moduleRef = await compile(
      Test.createTestingModule({ imports: [PasswordHashingModule, PasswordPolicyModule] })
        .overrideProvider(PASSWORD_POLICY)
        .useClass(CorporatePasswordPolicy),
    );

    expect(moduleRef.get(PASSWORD_POLICY)).toBeInstanceOf(CorporatePasswordPolicy);
    expect(await moduleRef.get(TemporaryPasswordGenerator).generate('yamada')).toHaveLength(24);
  });

  it('puts the policy given to forRoot in place of the default', async () => {
    moduleRef = await compile(
      Test.createTestingModule({
        imports: [
          PasswordHashingModule,
          PasswordPolicyModule.forRoot({ policy: CorporatePasswordPolicy }),
        ],
      }),
    );

    expect(moduleRef.get(PASSWORD_POLICY)).toBeInstanceOf(CorporatePasswordPolicy);
    expect(await moduleRef.get(TemporaryPasswordGenerator).generate('yamada')).toHaveLength(24);
  });
});

import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Argon2idPasswordHasher } from './argon2id-password-hasher';
import { PASSWORD_HASHER, type PasswordHasher } from './password-hasher';
import { PasswordHashingModule } from './password-hashing.module';

@Injectable()
class PlainTextHasher implements PasswordHasher {
  hash(password: string) {
    return Promise.resolve(`plain:${password}`);
  }
  verify(hash: string, password: string) {
    return Promise.resolve(hash === `plain:${password}`);
  }
  needsRehash() {
    return false;
  }
  verifyAgainstDummy(): Promise<false> {
    return Promise.resolve(false);
  }
}

describe(PasswordHashingModule.name, () => {
  const savedTimeCost = process.env.ARGON2_TIME_COST;

  afterEach(() => {
    if (savedTimeCost === undefined) delete process.env.ARGON2_TIME_COST;
    else process.env.ARGON2_TIME_COST = savedTimeCost;
  });

  it('provides the argon2id hasher under PASSWORD_HASHER, configured from the environment', async () => {
    process.env.ARGON2_TIME_COST = '3';
    const moduleRef = await Test.createTestingModule({
      imports: [PasswordHashingModule],
    }).compile();
    await moduleRef.init();

    const sut = moduleRef.get<PasswordHasher>(PASSWORD_HASHER);

    expect(sut).toBeInstanceOf(Argon2idPasswordHasher);
    expect(await sut.hash('Kx7#mPq2vR')).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=3\$/);
    await moduleRef.close();
  });

  it('refuses to start with parameters below the minimum', async () => {
    process.env.ARGON2_TIME_COST = '1';

    await expect(
      Test.createTestingModule({ imports: [PasswordHashingModule] }).compile(),
    ).rejects.toThrow('ARGON2_TIME_COST');
  });

  it('puts the hasher given to forRoot in place of the default', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [PasswordHashingModule.forRoot({ hasher: PlainTextHasher })],
    }).compile();

    expect(moduleRef.get(PASSWORD_HASHER)).toBeInstanceOf(PlainTextHasher);
  });
});

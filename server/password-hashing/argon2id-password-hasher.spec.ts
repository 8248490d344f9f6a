import * as argon2 from 'argon2';
import { AppError } from '../http/app-error';
import { Argon2idPasswordHasher } from './argon2id-password-hasher';
import { HashingGate } from './hashing-gate';
import { readPasswordHashingSettings } from './password-hashing.config';

function makeHasher(env: Record<string, string> = {}): Argon2idPasswordHasher {
  return new Argon2idPasswordHasher(readPasswordHashingSettings(env));
}

describe(Argon2idPasswordHasher.name, () => {
  let sut: Argon2idPasswordHasher;

  beforeEach(() => {
    sut = makeHasher();
  });

  it('hashes with argon2id and the configured parameters in the PHC string', async () => {
    const hash = await sut.hash('Kx7#mPq2vR');

    expect(hash).toMatch(/^\$argon2id\$v=19\$[a-z=\d,]+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(phcParameters(hash)).toEqual({ m: '19456', t: '2', p: '1' });
  });

  it('salts every hash, so the same password never hashes the same twice', async () => {
    expect(await sut.hash('Kx7#mPq2vR')).not.toBe(await sut.hash('Kx7#mPq2vR'));
  });

  it('verifies the password a hash was made from', async () => {
    const hash = await sut.hash('Kx7#mPq2vR');

    await expect(sut.verify(hash, 'Kx7#mPq2vR')).resolves.toBe(true);
  });

  it.each(['Kx7#mPq2vr', 'Kx7#mPq2vR ', ''])('refuses the wrong password %j', async (wrong) => {
    const hash = await sut.hash('Kx7#mPq2vR');

    await expect(sut.verify(hash, wrong)).resolves.toBe(false);
  });

  it.each([
    ['an empty string', ''],
    ['plain text', 'Kx7#mPq2vR'],
    ['a truncated argon2id hash', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ'],
    ['a bcrypt hash', '$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW'],
    ['an unknown algorithm', '$scrypt$ln=15,r=8,p=1$c2FsdA$aGFzaA'],
  ])('answers false, without throwing, for %s', async (_, malformed) => {
    await expect(sut.verify(malformed, 'Kx7#mPq2vR')).resolves.toBe(false);
  });

  describe('under a full hashing gate', () => {
    it('rejects verify and hash with SERVER_BUSY instead of answering false', async () => {
      const hash = await sut.hash('Kx7#mPq2vR');
      const gate = new HashingGate({ concurrency: 1, queueLimit: 0, queueWaitMs: 1000 });
      const gated = new Argon2idPasswordHasher(readPasswordHashingSettings({}), gate);
      let release!: () => void;
      const held = gate.run(() => new Promise<void>((resolve) => (release = resolve)));

      await expect(gated.verify(hash, 'Kx7#mPq2vR')).rejects.toEqual(new AppError('SERVER_BUSY'));
      await expect(gated.hash('Kx7#mPq2vR')).rejects.toEqual(new AppError('SERVER_BUSY'));

      release();
      await held;
      await expect(gated.verify(hash, 'Kx7#mPq2vR')).resolves.toBe(true);
    });
  });

  describe('needsRehash', () => {
    it('is false for a hash made with the configured parameters', async () => {
      expect(sut.needsRehash(await sut.hash('Kx7#mPq2vR'))).toBe(false);
    });

    it('is false for a hash of argon2 0.44, whose parameters are in the order m,t,p', async () => {
      const hash = await sut.hash('Kx7#mPq2vR');
      const older = hash.replace(/\$m=\d+,p=\d+,t=\d+\$/, '$m=19456,t=2,p=1$');

      expect(older).toContain('$m=19456,t=2,p=1$');
      expect(sut.needsRehash(older)).toBe(false);
      await expect(sut.verify(older, 'Kx7#mPq2vR')).resolves.toBe(true);
    });

    it('is true for a hash weaker than configured (m=4096, t=1)', async () => {
      const weak = await argon2.hash('Kx7#mPq2vR', {
        type: argon2.argon2id,
        memoryCost: 4096,
        timeCost: 1,
        parallelism: 1,
      });

      expect(sut.needsRehash(weak)).toBe(true);
    });

    it('is true once the configuration is raised above a stored hash', async () => {
      const stored = await sut.hash('Kx7#mPq2vR');

      expect(makeHasher({ ARGON2_TIME_COST: '3' }).needsRehash(stored)).toBe(true);
    });

    it('is false for a hash stronger than configured, so lowering the settings does not downgrade it', async () => {
      const stronger = await makeHasher({ ARGON2_MEMORY_KIB: '32768' }).hash('Kx7#mPq2vR');

      expect(sut.needsRehash(stronger)).toBe(false);
    });

    it('is true for argon2i, which is not argon2id', async () => {
      const argon2i = await argon2.hash('Kx7#mPq2vR', {
        type: argon2.argon2i,
        memoryCost: 19456,
        timeCost: 2,
        parallelism: 1,
      });

      expect(sut.needsRehash(argon2i)).toBe(true);
    });

    it.each([
      ['a bcrypt hash', '$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW'],
      ['garbage', 'not a hash'],
    ])('is true for %s', (_, hash) => {
      expect(sut.needsRehash(hash)).toBe(true);
    });
  });

  describe('verifyAgainstDummy', () => {
    it('verifies against one hash made with the configured parameters and answers false', async () => {
      const verify = jest.spyOn(sut, 'verify');
      const hash = jest.spyOn(sut, 'hash');
      await sut.onModuleInit();

      await expect(sut.verifyAgainstDummy('Kx7#mPq2vR')).resolves.toBe(false);
      await expect(sut.verifyAgainstDummy('other')).resolves.toBe(false);

      expect(hash).toHaveBeenCalledTimes(1);
      expect(verify).toHaveBeenCalledTimes(2);
      const dummy = verify.mock.calls[0][0];
      expect(dummy).toMatch(/^\$argon2id\$v=19\$/);
      expect(phcParameters(dummy)).toEqual({ m: '19456', t: '2', p: '1' });
      expect(verify.mock.calls[1][0]).toBe(dummy);
    });
  });
});

/** The parameters of a PHC string (`m=19456,p=1,t=2` in any order) by name. */
function phcParameters(hash: string): Record<string, string> {
  const pairs = hash.split('$')[3].split(',');
  return Object.fromEntries(pairs.map((pair) => pair.split('=') as [string, string]));
}

import { Inject, Injectable, OnModuleInit, Optional } from '@nestjs/common';
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import type { PasswordHasher } from './password-hasher';
import { HashingGate } from './hashing-gate';
import {
  passwordHashingConfig,
  readHashingGateSettings,
  type PasswordHashingSettings,
} from './password-hashing.config';

const ARGON2_VERSION = 0x13;
// The parameters are read in any order: argon2 0.44 wrote m,t,p and 0.45 writes m,p,t, and hashes
// of both are stored.
const PHC_ARGON2ID =
  /^\$argon2id\$v=(\d+)\$([a-z]+=\w+(?:,[a-z]+=\w+)*)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

@Injectable()
export class Argon2idPasswordHasher implements PasswordHasher, OnModuleInit {
  private dummyHash?: Promise<string>;

  constructor(
    @Inject(passwordHashingConfig.KEY) private readonly settings: PasswordHashingSettings,
    // Constructed by hand (tests, tools), the hasher still takes one slot per core.
    @Optional() private readonly gate: HashingGate = new HashingGate(readHashingGateSettings({})),
  ) {}

  // Made at start-up so that the first unknown username does not pay for an extra hash.
  async onModuleInit(): Promise<void> {
    await this.getDummyHash();
  }

  hash(password: string): Promise<string> {
    return this.gate.run(() =>
      argon2.hash(password, {
        type: argon2.argon2id,
        memoryCost: this.settings.memoryKib,
        timeCost: this.settings.timeCost,
        parallelism: this.settings.parallelism,
      }),
    );
  }

  // A busy gate rejects with SERVER_BUSY, which must reach the caller: only argon2's own errors
  // (a malformed or foreign hash) mean false.
  verify(hash: string, password: string): Promise<boolean> {
    return this.gate.run(async () => {
      try {
        return await argon2.verify(hash, password);
      } catch {
        return false;
      }
    });
  }

  // Only weaker hashes are upgraded: after an operator lowers the settings (say, to fit smaller
  // machines) the stronger hashes already stored stay as they are.
  needsRehash(hash: string): boolean {
    const match = PHC_ARGON2ID.exec(hash);
    if (!match) return true;
    const params = new Map(match[2].split(',').map((pair) => pair.split('=') as [string, string]));
    const [m, t, p] = ['m', 't', 'p'].map((name) => Number(params.get(name)));
    return (
      ![m, t, p].every(Number.isSafeInteger) ||
      Number(match[1]) !== ARGON2_VERSION ||
      m < this.settings.memoryKib ||
      t < this.settings.timeCost ||
      p < this.settings.parallelism
    );
  }

  async verifyAgainstDummy(password: string): Promise<false> {
    await this.verify(await this.getDummyHash(), password);
    return false;
  }

  private getDummyHash(): Promise<string> {
    this.dummyHash ??= this.hash(randomBytes(32).toString('base64url'));
    return this.dummyHash;
  }
}

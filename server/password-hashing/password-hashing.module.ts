import { DynamicModule, Global, Module, Type } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Argon2idPasswordHasher } from './argon2id-password-hasher';
import { HashingGate } from './hashing-gate';
import { PASSWORD_HASHER, type PasswordHasher } from './password-hasher';
import { hashingGateConfig, passwordHashingConfig } from './password-hashing.config';

@Global()
@Module({
  imports: [
    ConfigModule.forFeature(passwordHashingConfig),
    ConfigModule.forFeature(hashingGateConfig),
  ],
  // The gate and the default are exported so that a hasher given to forRoot can run its work
  // through the gate too, or delegate to the default (to verify hashes it made, say).
  providers: [
    HashingGate,
    Argon2idPasswordHasher,
    { provide: PASSWORD_HASHER, useExisting: Argon2idPasswordHasher },
  ],
  exports: [PASSWORD_HASHER, Argon2idPasswordHasher, HashingGate],
})
export class PasswordHashingModule {
  /** The same module with another hasher in place of the default (a later provider wins). */
  static forRoot(options: { hasher?: Type<PasswordHasher> } = {}): DynamicModule {
    return {
      module: PasswordHashingModule,
      providers: options.hasher ? [{ provide: PASSWORD_HASHER, useClass: options.hasher }] : [],
    };
  }
}

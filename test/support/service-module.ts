import type { ModuleMetadata } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Test, type TestingModule } from '@nestjs/testing';
import { DatabaseModule } from '../../server/database/database.module';
import { PasswordHashingModule } from '../../server/password-hashing/password-hashing.module';
import { PasswordPolicyModule } from '../../server/password-policy/password-policy.module';
import { UsersModule } from '../../server/users/users.module';
import type { TestDatabase } from './test-database';

/** Runs `work` with `env` in process.env, then puts the previous values back. */
export async function withEnv<T>(env: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await work();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/**
 * The service layer without HTTP, on `db`: configuration, database, hashing, policy and users, plus
 * whatever `extra` adds. Settings are read while the module is built, so `env` applies to it alone.
 * Close it with `moduleRef.close()`. A module that includes AuthModule registers a passport
 * strategy process-wide: keep at most one of those open at a time.
 */
export async function createServiceModule(
  db: TestDatabase,
  extra: Pick<ModuleMetadata, 'imports' | 'providers'> = {},
  env: Record<string, string> = {},
): Promise<TestingModule> {
  return withEnv(env, async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({ ignoreEnvFile: true, isGlobal: true }),
        DatabaseModule.forRoot({ url: db.url }),
        PasswordHashingModule,
        PasswordPolicyModule,
        UsersModule,
        ...(extra.imports ?? []),
      ],
      providers: extra.providers ?? [],
    }).compile();
    await moduleRef.init();
    return moduleRef;
  });
}

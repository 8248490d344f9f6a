import type { ModuleMetadata } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { domainModules } from '../../server/app.module';
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
 * The service layer without HTTP, on `db`: configuration, database, hashing, policy, users and
 * accounts, plus
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
      imports: [...domainModules({ database: { url: db.url } }), ...(extra.imports ?? [])],
      providers: extra.providers ?? [],
    }).compile();
    await moduleRef.init();
    return moduleRef;
  });
}

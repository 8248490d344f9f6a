import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AccountsService } from '../../server/accounts/accounts.service';
import { type TobiraOptions, TobiraModule } from '../../server/app.module';
import { configureApp } from '../../server/app.setup';
import { readHttpConfig } from '../../server/http/http.config';
import { TobiraExpressAdapter } from '../../server/http/express-adapter';
import { ProbeController } from './probe.controller';
import { withEnv } from './service-module';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestApp {
  app: INestApplication;
  db: TestDatabase;
  /** Creating and changing accounts as the operator's CLI does. */
  accounts: AccountsService;
  close(): Promise<void>;
}

/**
 * The real application (same modules, same HTTP set-up as `main.ts`) on a fresh database, or on
 * `shared` (another app's, which its owner drops). `env` overrides settings for this app only;
 * they are read while the app is built. `options` are TobiraModule's extension points.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  shared?: TestDatabase,
  options: Omit<TobiraOptions, 'database'> = {},
): Promise<TestApp> {
  const db = shared ?? (await createTestDatabase());
  return withEnv(env, async () => {
    @Module({
      imports: [TobiraModule.forRoot({ ...options, database: { url: db.url, poolSize: 4 } })],
      controllers: [ProbeController],
    })
    class TestAppModule {}
    const app = await NestFactory.create<NestExpressApplication>(
      TestAppModule,
      new TobiraExpressAdapter(),
      { bodyParser: false, logger: ['error'] },
    );
    configureApp(app, readHttpConfig(), { serveClient: false });
    await app.init();
    return {
      app,
      db,
      accounts: app.get(AccountsService),
      close: async () => {
        await app.close();
        if (!shared) await db.drop();
      },
    };
  });
}

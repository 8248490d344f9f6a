// First: libuv's thread pool must be sized before any other module can use it.
import { hashingThreads } from './password-hashing/start-hashing-threads';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { TobiraModule } from './app.module';
import { configureApp } from './app.setup';
import { ConfigError } from './config/env';
import { TobiraExpressAdapter } from './http/express-adapter';
import { readDatabaseConfig } from './database/database.config';
import { resolveDatabase } from './database/resolve-database';
import { readHttpConfig } from './http/http.config';
import { readMfaSettings } from './mfa/mfa.config';
import { readPasswordHashingSettings } from './password-hashing/password-hashing.config';
import { GracefulShutdown, readShutdownTimeoutMs } from './health/shutdown';
import { readLoggingConfig } from './logging/logging.config';
import { createRootLogger, processLogging } from './logging/root-logger';

async function bootstrap(): Promise<void> {
  // JSON lines through pino (nestjs-pino's NestJS logger), secrets redacted: server/logging.
  const logger = processLogging(createRootLogger(readLoggingConfig())).nest;
  Logger.overrideLogger(logger);
  const shutdownTimeoutMs = readShutdownTimeoutMs();
  const threads = hashingThreads();
  Logger.log(
    {
      msg: 'hashing threads',
      hashConcurrency: threads.hashing,
      threadPool: threads.pool,
      sizedBy: threads.sizedBy,
      // For a container's memory limit: a hash holds its argon2 memory while it runs, and glibc
      // keeps it afterwards for the thread that ran it, so every thread of the pool may hold one.
      hashMemoryMiB: Math.ceil(
        (threads.pool * readPasswordHashingSettings(process.env).memoryKib) / 1024,
      ),
    },
    'PasswordHashing',
  );
  const http = readHttpConfig();
  const databaseConfig = readDatabaseConfig();
  // Before the database starts: in production a missing MFA key stops the process here.
  const mfa = readMfaSettings();
  if (mfa.keySource === 'file') {
    Logger.warn(
      {
        msg: 'MFA_ENCRYPTION_KEY is not set; using the key file (not allowed in production)',
        keyFile: mfa.keyFile,
      },
      'Mfa',
    );
  }
  const database = await resolveDatabase(databaseConfig, (message) =>
    Logger.log({ msg: message }, 'EmbeddedPostgres'),
  );
  if (!databaseConfig.url) {
    Logger.log(
      {
        msg: 'using the embedded PostgreSQL',
        dataDir: databaseConfig.dataDir,
        port: databaseConfig.embeddedPort,
      },
      'Database',
    );
  }

  let app: NestExpressApplication;
  try {
    app = await NestFactory.create<NestExpressApplication>(
      TobiraModule.forRoot({
        database: { url: database.url, poolSize: databaseConfig.poolSize },
      }),
      new TobiraExpressAdapter(),
      { bodyParser: false, logger },
    );
  } catch (error) {
    await database.stop();
    throw error;
  }
  configureApp(app, http);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // Stop accepting, answer what is in flight (bounded), then close: the pool closes last.
    const shutdown = app.get(GracefulShutdown);
    Logger.log(
      { msg: 'stopping', signal, requestsInFlight: shutdown.requestsInFlight, shutdownTimeoutMs },
      'Tobira',
    );
    const finished = await shutdown.drain(app.getHttpServer(), shutdownTimeoutMs);
    Logger.log(
      {
        msg: finished ? 'requests finished' : 'shutdown timeout: requests cut',
        left: shutdown.requestsInFlight,
      },
      'Tobira',
    );
    await app.close();
    await database.stop();
    Logger.log({ msg: 'stopped' }, 'Tobira');
    process.exit(0);
  };
  // Our own handlers rather than Nest's shutdown hooks: the embedded database must stop after the app.
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  await app.listen(http.port, http.host);
  Logger.log({ msg: 'listening', url: `http://localhost:${http.port}` }, 'Tobira');
}

bootstrap().catch((error: unknown) => {
  const message = error instanceof ConfigError ? `configuration: ${error.message}` : error;
  console.error(
    JSON.stringify({
      level: 'fatal',
      message: String(message instanceof Error ? message.stack : message),
    }),
  );
  process.exit(1);
});

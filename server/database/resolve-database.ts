import { DatabaseConfig } from './database.config';
import { DatabaseHandle, startEmbeddedDatabase } from './embedded-database';

/** DATABASE_URL when set; otherwise the embedded server under DATA_DIR. */
export async function resolveDatabase(
  config: DatabaseConfig,
  log: (message: string) => void,
): Promise<DatabaseHandle> {
  if (config.url) return { url: config.url, owned: false, stop: () => Promise.resolve() };
  return startEmbeddedDatabase({ dataDir: config.dataDir, port: config.embeddedPort, log });
}

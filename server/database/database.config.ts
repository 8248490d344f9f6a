import { envInt, envOptionalString, envString } from '../config/env';

export interface DatabaseConfig {
  url: string | undefined;
  dataDir: string;
  embeddedPort: number;
  poolSize: number;
}

export function readDatabaseConfig(
  env: Record<string, string | undefined> = process.env,
): DatabaseConfig {
  return {
    url: envOptionalString(env, 'DATABASE_URL'),
    dataDir: envString(env, 'DATA_DIR', './data'),
    embeddedPort: envInt(env, 'EMBEDDED_DB_PORT', 54329, 1024, 65535),
    poolSize: envInt(env, 'DB_POOL_SIZE', 10, 1, 200),
  };
}

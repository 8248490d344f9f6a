import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * node-pg's pool under TypeORM's data source, for the hot paths (sign-in, the session check) that
 * send named prepared statements straight to it and skip TypeORM's per-query runner.
 */
export function pgPool(dataSource: DataSource): Pool {
  return (dataSource.driver as PostgresDriver).master as Pool;
}

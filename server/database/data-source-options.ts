import type { DataSourceOptions } from 'typeorm';
import { InitialSchema1764300000000 } from './migrations/1764300000000-InitialSchema';
import { MultiFactorAuth1764400000000 } from './migrations/1764400000000-MultiFactorAuth';
import { Organizations1764500000000 } from './migrations/1764500000000-Organizations';
import { AuditLog1764600000000 } from './migrations/1764600000000-AuditLog';
import { SignInThrottles1764700000000 } from './migrations/1764700000000-SignInThrottles';
import { MfaThrottle1764900000000 } from './migrations/1764900000000-MfaThrottle';
import { AccountListOrder1765000000000 } from './migrations/1765000000000-AccountListOrder';
import { AttemptReservations1765100000000 } from './migrations/1765100000000-AttemptReservations';
import { OpenIdConnect1766000000000 } from './migrations/1766000000000-OpenIdConnect';
import { Passkeys1766100000000 } from './migrations/1766100000000-Passkeys';
import { SessionSignIns1767100000000 } from './migrations/1767100000000-SessionSignIns';
import { OidcGrantRevocationListener1767100000001 } from './migrations/1767100000001-OidcGrantRevocationListener';
import { PasswordConfirmationWindow1767400000000 } from './migrations/1767400000000-PasswordConfirmationWindow';

export const MIGRATIONS = [
  InitialSchema1764300000000,
  MultiFactorAuth1764400000000,
  Organizations1764500000000,
  AuditLog1764600000000,
  SignInThrottles1764700000000,
  MfaThrottle1764900000000,
  AccountListOrder1765000000000,
  AttemptReservations1765100000000,
  OpenIdConnect1766000000000,
  Passkeys1766100000000,
  SessionSignIns1767100000000,
  OidcGrantRevocationListener1767100000001,
  PasswordConfirmationWindow1767400000000,
];

/**
 * The one description of the database, shared by the server, the CLI, the tests and TypeORM's CLI.
 * The entities are not listed here: each owning module registers its own (TypeOrmModule.forFeature,
 * loaded by DatabaseModule's autoLoadEntities); TypeORM's CLI gives them by file name.
 */
export function buildDataSourceOptions(
  url: string,
  poolSize = 10,
  entities: DataSourceOptions['entities'] = [],
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'all',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    applicationName: 'tobira',
    extra: { max: poolSize },
  };
}

import { DynamicModule, Module } from '@nestjs/common';
import { domainModules } from '../app.module';
import type { DatabaseModuleOptions } from '../database/database.module';
import { OidcClientsModule } from '../oidc/oidc.module';

/** The part of the application the operator CLI needs: no HTTP, same services and rules. */
@Module({})
export class CliModule {
  static register(database: DatabaseModuleOptions): DynamicModule {
    return { module: CliModule, imports: [...domainModules(database), OidcClientsModule] };
  }
}

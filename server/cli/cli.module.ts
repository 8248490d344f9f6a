import { DynamicModule, Module } from '@nestjs/common';
import { domainModules, type TobiraOptions } from '../app.module';
import { OidcClientsModule } from '../oidc/oidc.module';

/** The part of the application the operator CLI needs: no HTTP, same services and rules. */
@Module({})
export class CliModule {
  static register(options: TobiraOptions): DynamicModule {
    return { module: CliModule, imports: [...domainModules(options), OidcClientsModule] };
  }
}

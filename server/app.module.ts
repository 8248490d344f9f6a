import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AdminModule } from './admin/admin.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BruteForceModule } from './brute-force/brute-force.module';
import { DatabaseModule, DatabaseModuleOptions } from './database/database.module';
import { HealthModule } from './health/health.module';
import { AppErrorFilter } from './http/app-error.filter';
import { RejectUnexpectedBody } from './http/json-body';
import { MfaModule } from './mfa/mfa.module';
import { OidcModule } from './oidc/oidc.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { PasswordHashingModule } from './password-hashing/password-hashing.module';
import { PasswordPolicyModule } from './password-policy/password-policy.module';
import { SecurityEventsModule } from './security-events/security-events.module';
import { UsersModule } from './users/users.module';

/** What every entry point needs, HTTP or not: settings, the database and the account rules. */
export function domainModules(database: DatabaseModuleOptions) {
  return [
    // Settings come from the process environment only; each module validates its own.
    ConfigModule.forRoot({ ignoreEnvFile: true, isGlobal: true }),
    DatabaseModule.forRoot(database),
    SecurityEventsModule,
    BruteForceModule,
    PasswordHashingModule,
    PasswordPolicyModule,
    UsersModule,
    OrganizationsModule,
  ];
}

@Module({})
export class AppModule {
  static register(database: DatabaseModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...domainModules(database),
        AuthModule,
        MfaModule,
        AuditModule,
        HealthModule,
        AdminModule,
        OidcModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: AppErrorFilter },
        { provide: APP_GUARD, useClass: RejectUnexpectedBody },
      ],
    };
  }
}

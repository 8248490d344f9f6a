import { DynamicModule, Module, type Type } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AccountsModule } from './accounts/accounts.module';
import { AdminModule } from './admin/admin.module';
import { AuditLogModule } from './audit/audit-log.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BruteForceModule } from './brute-force/brute-force.module';
import { DatabaseModule, DatabaseModuleOptions } from './database/database.module';
import { HealthModule } from './health/health.module';
import { AppErrorFilter } from './http/app-error.filter';
import { RejectUnexpectedBody } from './http/json-body';
import { MetricsModule } from './metrics/metrics.module';
import { MfaModule } from './mfa/mfa.module';
import type { TotpAuthenticator } from './mfa/totp-authenticator';
import { TotpModule } from './mfa/totp.module';
import { OidcModule } from './oidc/oidc.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { PasskeysModule } from './passkeys/passkeys.module';
import type { PasswordHasher } from './password-hashing/password-hasher';
import { PasswordHashingModule } from './password-hashing/password-hashing.module';
import type { PasswordPolicy } from './password-policy/password-policy';
import { PasswordPolicyModule } from './password-policy/password-policy.module';
import type { AuditSink } from './security-events/audit-sink';
import { SecurityEventsModule } from './security-events/security-events.module';
import { SessionsModule } from './sessions/sessions.module';
import { UsersModule } from './users/users.module';

/**
 * Everything an application can set when it builds Tobira: the database, and the extension points.
 * Each extension point is an `@Injectable()` class, built by Nest, so it can inject what it needs
 * (the default implementation, to build on it; the configuration; its own providers). Leave one
 * out for Tobira's default. See docs/extending.md.
 */
export interface TobiraOptions {
  database: DatabaseModuleOptions;
  /** In place of ConfigurablePasswordPolicy (PASSWORD_POLICY). */
  passwordPolicy?: Type<PasswordPolicy>;
  /** In place of Argon2idPasswordHasher (PASSWORD_HASHER). */
  passwordHasher?: Type<PasswordHasher>;
  /** In place of OtpauthTotpAuthenticator (TOTP_AUTHENTICATOR). */
  totpAuthenticator?: Type<TotpAuthenticator>;
  /** Told of every security event after the audit log (AuditSink). */
  auditSinks?: Type<AuditSink>[];
}

/** What every entry point needs, HTTP or not: settings, the database and the account rules. */
export function domainModules(options: TobiraOptions) {
  return [
    // Settings come from the process environment only; each module validates its own.
    ConfigModule.forRoot({ ignoreEnvFile: true, isGlobal: true }),
    DatabaseModule.forRoot(options.database),
    AuditLogModule,
    SecurityEventsModule.forRoot({ sinks: options.auditSinks }),
    BruteForceModule,
    PasswordHashingModule.forRoot({ hasher: options.passwordHasher }),
    PasswordPolicyModule.forRoot({ policy: options.passwordPolicy }),
    TotpModule.forRoot({ authenticator: options.totpAuthenticator }),
    UsersModule,
    OrganizationsModule,
    AccountsModule,
  ];
}

/** Tobira as an application: the HTTP API and the modules behind it. */
@Module({})
export class TobiraModule {
  static forRoot(options: TobiraOptions): DynamicModule {
    return {
      module: TobiraModule,
      imports: [
        ...domainModules(options),
        SessionsModule,
        AuthModule,
        MfaModule,
        PasskeysModule,
        AuditModule,
        HealthModule,
        MetricsModule,
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

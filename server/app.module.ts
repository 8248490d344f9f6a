import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { AuthModule } from './auth/auth.module';
import { DatabaseModule, DatabaseModuleOptions } from './database/database.module';
import { HealthModule } from './health/health.module';
import { AppErrorFilter } from './http/app-error.filter';
import { PasswordHashingModule } from './password-hashing/password-hashing.module';
import { PasswordPolicyModule } from './password-policy/password-policy.module';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  static register(database: DatabaseModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // Settings come from the process environment only; each module validates its own.
        ConfigModule.forRoot({ ignoreEnvFile: true, isGlobal: true }),
        DatabaseModule.forRoot(database),
        PasswordHashingModule,
        PasswordPolicyModule,
        UsersModule,
        AuthModule,
        HealthModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: AppErrorFilter }],
    };
  }
}

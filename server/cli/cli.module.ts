import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { DatabaseModule, DatabaseModuleOptions } from '../database/database.module';
import { PasswordHashingModule } from '../password-hashing/password-hashing.module';
import { PasswordPolicyModule } from '../password-policy/password-policy.module';
import { UsersModule } from '../users/users.module';

/** The part of the application the operator CLI needs: no HTTP, same services and rules. */
@Module({})
export class CliModule {
  static register(database: DatabaseModuleOptions): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot({ ignoreEnvFile: true, isGlobal: true }),
        DatabaseModule.forRoot(database),
        PasswordHashingModule,
        PasswordPolicyModule,
        UsersModule,
      ],
    };
  }
}

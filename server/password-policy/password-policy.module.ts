import { DynamicModule, Global, Module, Type } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ConfigurablePasswordPolicy } from './configurable-password-policy';
import { PASSWORD_POLICY, type PasswordPolicy } from './password-policy';
import { PasswordPolicyController } from './password-policy.controller';
import { passwordPolicyConfig } from './password-policy.config';
import { TemporaryPasswordGenerator } from './temporary-password.generator';

@Global()
@Module({
  imports: [ConfigModule.forFeature(passwordPolicyConfig)],
  controllers: [PasswordPolicyController],
  providers: [
    { provide: PASSWORD_POLICY, useClass: ConfigurablePasswordPolicy },
    TemporaryPasswordGenerator,
  ],
  exports: [PASSWORD_POLICY, TemporaryPasswordGenerator],
})
export class PasswordPolicyModule {
  /** The same module with another policy in place of the default (a later provider wins). */
  static forRoot(options: { policy: Type<PasswordPolicy> }): DynamicModule {
    return {
      module: PasswordPolicyModule,
      providers: [{ provide: PASSWORD_POLICY, useClass: options.policy }],
    };
  }
}

import { DynamicModule, Global, Module, Type } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ConfigurablePasswordPolicy } from './configurable-password-policy';
import { PASSWORD_POLICY, type PasswordPolicy } from './password-policy';
import { PasswordPolicyController } from './password-policy.controller';
import { passwordPolicyConfig } from './password-policy.config';
import { TemporaryPasswordGenerator } from './temporary-password.generator';

// The default is also provided under its own class, so that a replacement can inject it and add
// rules to it rather than restate it.
@Global()
@Module({
  imports: [ConfigModule.forFeature(passwordPolicyConfig)],
  controllers: [PasswordPolicyController],
  providers: [
    ConfigurablePasswordPolicy,
    { provide: PASSWORD_POLICY, useExisting: ConfigurablePasswordPolicy },
    TemporaryPasswordGenerator,
  ],
  exports: [PASSWORD_POLICY, ConfigurablePasswordPolicy, TemporaryPasswordGenerator],
})
export class PasswordPolicyModule {
  /** The same module with another policy in place of the default (a later provider wins). */
  static forRoot(options: { policy?: Type<PasswordPolicy> } = {}): DynamicModule {
    return {
      module: PasswordPolicyModule,
      providers: options.policy ? [{ provide: PASSWORD_POLICY, useClass: options.policy }] : [],
    };
  }
}

import { DynamicModule, Module, Type } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AuthModule } from '../auth/auth.module';
import { httpConfig } from '../http/http.config';
import { MfaController } from './mfa.controller';
import { mfaConfig } from './mfa.config';
import { MfaSignInController } from './mfa-sign-in.controller';
import { MFA_CLOCK, MfaService, systemClock } from './mfa.service';
import { OtpauthTotpAuthenticator } from './otpauth-totp-authenticator';
import { TOTP_AUTHENTICATOR, type TotpAuthenticator } from './totp-authenticator';

@Module({
  imports: [AuthModule, ConfigModule.forFeature(mfaConfig), ConfigModule.forFeature(httpConfig)],
  controllers: [MfaController, MfaSignInController],
  providers: [
    MfaService,
    // A factory, since the default's constructor takes optional settings that Nest cannot inject.
    { provide: TOTP_AUTHENTICATOR, useFactory: () => new OtpauthTotpAuthenticator() },
    { provide: MFA_CLOCK, useValue: systemClock },
  ],
  exports: [TOTP_AUTHENTICATOR, MfaService],
})
export class MfaModule {
  /** The same module with another TOTP implementation in place of the default. */
  static forRoot(options: { authenticator: Type<TotpAuthenticator> }): DynamicModule {
    return {
      module: MfaModule,
      providers: [{ provide: TOTP_AUTHENTICATOR, useClass: options.authenticator }],
    };
  }
}

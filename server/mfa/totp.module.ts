import { DynamicModule, Global, Module, Type } from '@nestjs/common';
import { OtpauthTotpAuthenticator } from './otpauth-totp-authenticator';
import { TOTP_AUTHENTICATOR, type TotpAuthenticator } from './totp-authenticator';

/**
 * The TOTP implementation behind TOTP_AUTHENTICATOR: the default, or the one an application gives
 * to `TobiraModule.forRoot({ totpAuthenticator })`.
 */
@Global()
@Module({
  // A factory, since the default's constructor takes optional settings that Nest cannot inject.
  providers: [{ provide: TOTP_AUTHENTICATOR, useFactory: () => new OtpauthTotpAuthenticator() }],
  exports: [TOTP_AUTHENTICATOR],
})
export class TotpModule {
  /** The same module with another TOTP implementation in place of the default. */
  static forRoot(options: { authenticator?: Type<TotpAuthenticator> } = {}): DynamicModule {
    return {
      module: TotpModule,
      providers: options.authenticator
        ? [{ provide: TOTP_AUTHENTICATOR, useClass: options.authenticator }]
        : [],
    };
  }
}

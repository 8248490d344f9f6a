import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { httpConfig } from '../http/http.config';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { MFA_CLOCK, systemClock } from './mfa-clock';
import { MfaController } from './mfa.controller';
import { mfaConfig } from './mfa.config';
import { MfaStoreModule } from './mfa-store.module';
import { MfaSecrets } from './mfa-secrets';
import { MfaService } from './mfa.service';
import { MfaSignInController } from './mfa-sign-in.controller';
import { MfaSignIn } from './mfa-sign-in.service';

/** MFA over HTTP: the account's MFA settings and the sign-in's code step (TOTP_AUTHENTICATOR: TotpModule). */
@Module({
  imports: [
    SessionsModule,
    UsersModule,
    MfaStoreModule,
    ConfigModule.forFeature(mfaConfig),
    ConfigModule.forFeature(httpConfig),
  ],
  controllers: [MfaController, MfaSignInController],
  providers: [MfaSecrets, MfaService, MfaSignIn, { provide: MFA_CLOCK, useValue: systemClock }],
  exports: [MfaService],
})
export class MfaModule {}

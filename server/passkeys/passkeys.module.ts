import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { httpConfig } from '../http/http.config';
import { MfaModule } from '../mfa/mfa.module';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { usersConfig } from '../users/users.config';
import { PasskeyChallenges } from './passkey-challenges';
import { PasskeySignInController } from './passkey-sign-in.controller';
import { PasskeysController } from './passkeys.controller';
import { PasskeysService } from './passkeys.service';
import { RelyingParty } from './relying-party';

@Module({
  imports: [
    SessionsModule,
    UsersModule,
    MfaModule,
    ConfigModule.forFeature(httpConfig),
    ConfigModule.forFeature(usersConfig),
  ],
  controllers: [PasskeysController, PasskeySignInController],
  providers: [PasskeysService, PasskeyChallenges, RelyingParty],
})
export class PasskeysModule {}

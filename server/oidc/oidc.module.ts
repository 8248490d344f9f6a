import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { sessionsConfig } from '../sessions/sessions.config';
import { httpConfig } from '../http/http.config';
import { mfaConfig } from '../mfa/mfa.config';
import { SessionsModule } from '../sessions/sessions.module';
import { usersConfig } from '../users/users.config';
import { ForwardAuthController } from './forward-auth.controller';
import { OidcAccountsService } from './oidc-accounts.service';
import { OidcClientsService } from './oidc-clients.service';
import { OidcInteractionController } from './oidc-interaction.controller';
import { OidcProviderService } from './oidc-provider.service';
import { oidcConfig } from './oidc.config';
import { SigningKeysService } from './signing-keys.service';

/** What the operator's CLI needs of OpenID Connect: clients and signing keys, no HTTP. */
@Module({
  imports: [ConfigModule.forFeature(mfaConfig)],
  providers: [OidcClientsService, SigningKeysService],
  exports: [OidcClientsService, SigningKeysService],
})
export class OidcClientsModule {}

/** The OpenID Connect provider, its interaction through Tobira's screens, and forward auth. */
@Module({
  imports: [
    SessionsModule,
    OidcClientsModule,
    ConfigModule.forFeature(httpConfig),
    ConfigModule.forFeature(mfaConfig),
    ConfigModule.forFeature(oidcConfig),
    ConfigModule.forFeature(sessionsConfig),
    ConfigModule.forFeature(usersConfig),
  ],
  controllers: [OidcInteractionController, ForwardAuthController],
  providers: [OidcProviderService, OidcAccountsService],
  exports: [OidcProviderService],
})
export class OidcModule {}

import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { sessionsConfig } from '../sessions/sessions.config';
import { httpConfig } from '../http/http.config';
import { mfaConfig } from '../mfa/mfa.config';
import { AccountsModule } from '../accounts/accounts.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { SessionStoreModule } from '../sessions/session-store.module';
import { SessionsModule } from '../sessions/sessions.module';
import { usersConfig } from '../users/users.config';
import { ForwardAuthController } from './forward-auth.controller';
import { OidcGrantRevocation } from './grant-revocation';
import { OidcAccountsService } from './oidc-accounts.service';
import { OidcClientsService } from './oidc-clients.service';
import { OidcInteractionController } from './oidc-interaction.controller';
import { OidcProviderService } from './oidc-provider.service';
import { oidcConfig } from './oidc.config';
import { SigningKeysService } from './signing-keys.service';

/**
 * What the operator's CLI needs of OpenID Connect: clients and signing keys, no HTTP; and the
 * revocation of an account's grants when its sign-ins are revoked, whoever revokes them.
 */
@Module({
  imports: [ConfigModule.forFeature(mfaConfig), OrganizationsModule, SessionStoreModule],
  providers: [OidcClientsService, SigningKeysService, OidcGrantRevocation],
  exports: [OidcClientsService, SigningKeysService],
})
export class OidcClientsModule {}

/** The OpenID Connect provider, its interaction through Tobira's screens, and forward auth. */
@Module({
  imports: [
    SessionsModule,
    AccountsModule,
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

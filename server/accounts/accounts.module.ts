import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MfaStoreModule } from '../mfa/mfa-store.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { PasskeyStoreModule } from '../passkeys/passkey-store';
import { SessionStoreModule } from '../sessions/session-store.module';
import { usersConfig } from '../users/users.config';
import { UsersModule } from '../users/users.module';
import { AccountIssuer } from './account-issuer';
import { AccountStandingQuery } from './account-standing.query';
import { AccountsService } from './accounts.service';
import { ContractProvisioning } from './contract-provisioning';

/**
 * Accounts as a whole, across the modules that own their parts: creating them (AccountIssuer, the
 * one way), changing them (AccountsService), provisioning contracts (ContractProvisioning), and
 * an account's standing for the modules that sign it in elsewhere (AccountStandingQuery).
 */
@Module({
  imports: [
    UsersModule,
    OrganizationsModule,
    SessionStoreModule,
    PasskeyStoreModule,
    MfaStoreModule,
    ConfigModule.forFeature(usersConfig),
  ],
  providers: [AccountIssuer, AccountsService, ContractProvisioning, AccountStandingQuery],
  exports: [AccountIssuer, AccountsService, ContractProvisioning, AccountStandingQuery],
})
export class AccountsModule {}

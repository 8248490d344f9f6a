import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MfaStoreModule } from '../mfa/mfa-store.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { SessionStoreModule } from '../sessions/session-store.module';
import { usersConfig } from '../users/users.config';
import { UsersModule } from '../users/users.module';
import { AccountIssuer } from './account-issuer';
import { AccountsService } from './accounts.service';
import { ContractProvisioning } from './contract-provisioning';

/**
 * Accounts as a whole, across the modules that own their parts: creating them (AccountIssuer, the
 * one way), changing them (AccountsService) and provisioning contracts (ContractProvisioning).
 */
@Module({
  imports: [
    UsersModule,
    OrganizationsModule,
    SessionStoreModule,
    MfaStoreModule,
    ConfigModule.forFeature(usersConfig),
  ],
  providers: [AccountIssuer, AccountsService, ContractProvisioning],
  exports: [AccountIssuer, AccountsService, ContractProvisioning],
})
export class AccountsModule {}

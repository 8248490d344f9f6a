import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AccountsModule } from '../accounts/accounts.module';
import { AuditModule } from '../audit/audit.module';
import { OidcClientsModule } from '../oidc/oidc.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { SessionStoreModule } from '../sessions/session-store.module';
import { usersConfig } from '../users/users.config';
import { UsersModule } from '../users/users.module';
import { AccountInContractGuard } from './account-in-contract.guard';
import { AccountListQuery } from './account-list.query';
import { AdminAccountSessionsController } from './admin-account-sessions.controller';
import { AdminAccountsController } from './admin-accounts.controller';
import { AdminOidcClientsController } from './admin-oidc-clients.controller';
import { AdminRoleGuard } from './admin-role.guard';
import { AdminSecurityLogController } from './admin-security-log.controller';
import { ContractAccounts } from './contract-accounts.service';
import { ContractSecurityLog } from './contract-security-log.service';

/** The account administrator's area: their own contract's accounts, nothing else. */
@Module({
  imports: [
    AccountsModule,
    AuditModule,
    OidcClientsModule,
    OrganizationsModule,
    SessionStoreModule,
    UsersModule,
    ConfigModule.forFeature(usersConfig),
  ],
  controllers: [
    AdminAccountsController,
    AdminSecurityLogController,
    AdminAccountSessionsController,
    AdminOidcClientsController,
  ],
  providers: [
    AccountListQuery,
    ContractAccounts,
    ContractSecurityLog,
    AdminRoleGuard,
    AccountInContractGuard,
  ],
})
export class AdminModule {}

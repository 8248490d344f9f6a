import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { OrganizationsModule } from '../organizations/organizations.module';
import { usersConfig } from '../users/users.config';
import { AccountInContractGuard } from './account-in-contract.guard';
import { AdminAccountsController } from './admin-accounts.controller';
import { AdminRoleGuard } from './admin-role.guard';
import { AdminSecurityLogController } from './admin-security-log.controller';
import { ContractAccounts } from './contract-accounts.service';
import { ContractSecurityLog } from './contract-security-log.service';

/** The account administrator's area: their own contract's accounts, nothing else. */
@Module({
  imports: [OrganizationsModule, ConfigModule.forFeature(usersConfig)],
  controllers: [AdminAccountsController, AdminSecurityLogController],
  providers: [ContractAccounts, ContractSecurityLog, AdminRoleGuard, AccountInContractGuard],
})
export class AdminModule {}

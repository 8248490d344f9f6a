import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { OrganizationsModule } from '../organizations/organizations.module';
import { usersConfig } from '../users/users.config';
import { AccountInContractGuard } from './account-in-contract.guard';
import { AdminAccountsController } from './admin-accounts.controller';
import { AdminRoleGuard } from './admin-role.guard';
import { ContractAccounts } from './contract-accounts.service';

/** The account administrator's area: their own contract's accounts, nothing else. */
@Module({
  imports: [OrganizationsModule, ConfigModule.forFeature(usersConfig)],
  controllers: [AdminAccountsController],
  providers: [ContractAccounts, AdminRoleGuard, AccountInContractGuard],
})
export class AdminModule {}

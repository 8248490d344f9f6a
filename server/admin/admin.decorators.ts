import { applyDecorators, UseGuards } from '@nestjs/common';
import { AccountInContractGuard } from './account-in-contract.guard';
import { AdminRoleGuard } from './admin-role.guard';

/** Account administrators only, and only their own contract's accounts. */
export const AdministratorsOnly = () =>
  applyDecorators(UseGuards(AdminRoleGuard, AccountInContractGuard));

import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from '../sessions/authenticated-request';
import { effectiveExpiresOn } from '../users/account-dates';
import type { Role } from '../users/user.entity';
import { accountState } from './account-state';
import type { AccountDto } from './dto/admin.dto';

/**
 * The account a route names (`:id`), read once from the caller's contract: what the administrator
 * sees, and what its state is made of, so that the answer after a change is worked out from it
 * rather than read again.
 */
export interface TargetedAccount {
  account: AccountDto;
  facts: {
    locked: boolean;
    disabled: boolean;
    passwordIsTemporary: boolean;
    contractEndsOn: string | null;
  };
}

export interface TargetedRequest extends AuthenticatedRequest {
  targetAccount?: TargetedAccount;
}

/** The account of the route's `:id`, loaded once by AccountInContractGuard. */
export const TargetAccount = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): TargetedAccount => {
    const target = ctx.switchToHttp().getRequest<TargetedRequest>().targetAccount;
    if (!target) throw new Error('TargetAccount used on a route without :id');
    return target;
  },
);

/** What one administrator action changed, as far as the account list shows it. */
export interface AccountChange {
  role?: Role;
  expiresOn?: string | null;
  disabled?: boolean;
  unlocked?: boolean;
  mfaReset?: boolean;
}

/** The account as `change` leaves it, on `today` (the same rules as the list's SQL). */
export function afterChange(
  { account, facts }: TargetedAccount,
  change: AccountChange,
  today: string,
): AccountDto {
  const expiresOn = change.expiresOn !== undefined ? change.expiresOn : account.expiresOn;
  const effective = effectiveExpiresOn(expiresOn, facts.contractEndsOn);
  const state = accountState(
    {
      locked: facts.locked && !change.unlocked,
      disabled: change.disabled ?? facts.disabled,
      effectiveExpiresOn: effective,
      passwordIsTemporary: facts.passwordIsTemporary,
    },
    today,
  );
  return {
    ...account,
    role: change.role ?? account.role,
    state,
    expiresOn,
    effectiveExpiresOn: effective,
    ...(change.mfaReset ? { mfaEnabled: false, passkeyCount: 0 } : {}),
  };
}

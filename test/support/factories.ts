import { randomBytes } from 'node:crypto';
import type { Role } from '../../server/users/user.entity';
import type { AccountsService } from '../../server/accounts/accounts.service';

let counter = 0;

export function uniqueUsername(prefix = 'user'): string {
  counter += 1;
  return `${prefix}${counter}-${randomBytes(3).toString('hex')}`;
}

/** A password that satisfies the default policy and is unique to this call. */
export function strongPassword(): string {
  return `Tobira-${randomBytes(6).toString('hex')}!`;
}

export async function issueAccount(
  accounts: AccountsService,
  overrides: { username?: string; role?: Role; expiresOn?: string | null } = {},
): Promise<{ username: string; password: string }> {
  const issued = await accounts.create({
    username: overrides.username ?? uniqueUsername(),
    role: overrides.role ?? 'user',
    expiresOn: overrides.expiresOn ?? null,
  });
  return { username: issued.username, password: issued.temporaryPassword };
}

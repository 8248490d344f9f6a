import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Role, User } from './user.entity';
import { UsersRepository } from './users.repository';

export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export interface AccountSummary {
  username: string;
  role: Role;
  passwordIsTemporary: boolean;
  temporaryPasswordExpiresAt: string | null;
  expiresOn: string | null;
  disabled: boolean;
  lastSignInAt: string | null;
  createdAt: string;
}

/**
 * Reading accounts and their password history; writing a password. Creating accounts and changing
 * them is AccountIssuer's and AccountsService's (server/accounts/).
 */
@Injectable()
export class UsersService {
  constructor(private readonly repository: UsersRepository) {}

  findByUsername(username: string, manager?: EntityManager): Promise<User | null> {
    return this.repository.findByUsername(username, manager);
  }

  async listAccounts(): Promise<AccountSummary[]> {
    const users = await this.repository.listAll();
    return users.map((u) => ({
      username: u.username,
      role: u.role,
      passwordIsTemporary: u.passwordIsTemporary,
      temporaryPasswordExpiresAt: u.temporaryPasswordExpiresAt?.toISOString() ?? null,
      expiresOn: u.expiresOn,
      disabled: u.disabled,
      lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
      createdAt: u.createdAt.toISOString(),
    }));
  }

  /** The most recent password hashes, newest first, for the reuse rule. */
  recentPasswordHashes(userId: string, manager?: EntityManager): Promise<string[]> {
    return this.repository.recentPasswordHashes(userId, manager);
  }

  /** The user's own new password, conditional on the verified hash; the history keeps it. */
  replacePassword(
    manager: EntityManager,
    userId: string,
    newHash: string,
    verifiedHash: string,
  ): Promise<boolean> {
    return this.repository.replacePassword(manager, userId, newHash, verifiedHash);
  }

  /** The same password under the hasher's current parameters. */
  upgradeHash(userId: string, upgraded: string, previous: string): Promise<void> {
    return this.repository.upgradeHash(userId, upgraded, previous);
  }
}

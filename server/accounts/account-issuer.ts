import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import { PASSWORD_HASHER, type PasswordHasher } from '../password-hashing/password-hasher';
import { TemporaryPasswordGenerator } from '../password-policy/temporary-password.generator';
import type { SecurityEvent } from '../security-events/security-event';
import { SecurityEvents } from '../security-events/security-events.service';
import { temporaryPasswordExpiresAt } from '../users/account-dates';
import type { Role } from '../users/user.entity';
import { usersConfig } from '../users/users.config';
import { UsersRepository } from '../users/users.repository';

export interface AccountToIssue {
  username: string;
  role: Role;
  expiresOn: string | null;
}

/** A hashed account waiting for its transaction; the clear password leaves only in the result. */
export interface PreparedAccount extends AccountToIssue {
  temporaryPassword: string;
  passwordHash: string;
}

/** An account with the temporary password that is shown once and never stored in clear. */
export interface IssuedAccount extends AccountToIssue {
  id: string;
  temporaryPassword: string;
}

// A cell starting with one of these is a formula to spreadsheet programs (CSV injection): a
// temporary password that lands in an account list never starts with one.
const FORMULA_START = /^[=+\-@]/;

// Hashing is the slow part of issuing many accounts. Two at a time keeps the hashing gate's queue
// short, so that sign-ins arriving meanwhile still get a slot.
const HASHING_WORKERS = 2;

/**
 * The one way accounts are created (the CLI's `account create` and contracts, an administrator's
 * single and bulk issue) and temporary passwords made: the passwords are generated and hashed
 * before the caller's transaction, then every row, its password history and its event are
 * written inside it.
 */
@Injectable()
export class AccountIssuer {
  constructor(
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    private readonly temporaryPasswords: TemporaryPasswordGenerator,
    @Inject(usersConfig.KEY) private readonly config: ConfigType<typeof usersConfig>,
    private readonly users: UsersRepository,
    private readonly events: SecurityEvents,
  ) {}

  async prepare<A extends AccountToIssue>(accounts: A[]): Promise<(A & PreparedAccount)[]> {
    const prepared = new Array<A & PreparedAccount>(accounts.length);
    let next = 0;
    const worker = async () => {
      while (next < accounts.length) {
        const index = next++;
        const account = accounts[index];
        prepared[index] = { ...account, ...(await this.temporaryPassword(account.username)) };
      }
    };
    await Promise.all(Array.from({ length: HASHING_WORKERS }, worker));
    return prepared;
  }

  /** A new temporary password for `username` and its hash. */
  async temporaryPassword(
    username: string,
  ): Promise<{ temporaryPassword: string; passwordHash: string }> {
    let temporaryPassword = await this.temporaryPasswords.generate(username);
    while (FORMULA_START.test(temporaryPassword)) {
      temporaryPassword = await this.temporaryPasswords.generate(username);
    }
    return { temporaryPassword, passwordHash: await this.hasher.hash(temporaryPassword) };
  }

  /** When a temporary password made now stops working. */
  temporaryExpiresAt(now = new Date()): Date {
    return temporaryPasswordExpiresAt(this.config, now);
  }

  /** Inserts the prepared accounts; the unique index on lower(username) refuses any duplicate. */
  async insert(
    manager: EntityManager,
    organizationId: string,
    accounts: PreparedAccount[],
    actor: SecurityEvent['actor'],
  ): Promise<IssuedAccount[]> {
    const ids = await this.users.insertMany(
      manager,
      organizationId,
      accounts,
      this.temporaryExpiresAt(),
    );
    for (const account of accounts) {
      await this.events.emit(
        {
          kind: 'account.created',
          actor,
          target: { userId: ids.get(account.username) ?? null, username: account.username },
          organizationId,
          detail: { role: account.role, expiresOn: account.expiresOn },
        },
        manager,
      );
    }
    return accounts.map((a) => ({
      id: ids.get(a.username) ?? '',
      username: a.username,
      role: a.role,
      temporaryPassword: a.temporaryPassword,
      expiresOn: a.expiresOn,
    }));
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import { PASSWORD_HASHER, type PasswordHasher } from '../password-hashing/password-hasher';
import { TemporaryPasswordGenerator } from '../password-policy/temporary-password.generator';
import type { SecurityEvent } from '../security-events/security-event';
import { SecurityEvents } from '../security-events/security-events.service';
import type { Role } from '../users/user.entity';
import { usersConfig } from '../users/users.config';
import type { IssuedAccount } from '../users/users.service';

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

// A cell starting with one of these is a formula to spreadsheet programs (CSV injection): a
// temporary password that lands in an account list never starts with one.
const FORMULA_START = /^[=+\-@]/;

// Hashing is the slow part of issuing many accounts. Two at a time keeps the hashing gate's queue
// short, so that sign-ins arriving meanwhile still get a slot.
const HASHING_WORKERS = 2;

/**
 * Issues many accounts of one contract at once: the passwords are generated and hashed before the
 * caller's transaction, then every row, its password history and its event are written inside it.
 */
@Injectable()
export class AccountIssuer {
  constructor(
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    private readonly temporaryPasswords: TemporaryPasswordGenerator,
    @Inject(usersConfig.KEY) private readonly config: ConfigType<typeof usersConfig>,
    private readonly events: SecurityEvents,
  ) {}

  async prepare(accounts: AccountToIssue[]): Promise<PreparedAccount[]> {
    const prepared: PreparedAccount[] = new Array<PreparedAccount>(accounts.length);
    let next = 0;
    const worker = async () => {
      while (next < accounts.length) {
        const index = next++;
        const account = accounts[index];
        let temporaryPassword = await this.temporaryPasswords.generate(account.username);
        while (FORMULA_START.test(temporaryPassword)) {
          temporaryPassword = await this.temporaryPasswords.generate(account.username);
        }
        const passwordHash = await this.hasher.hash(temporaryPassword);
        prepared[index] = { ...account, temporaryPassword, passwordHash };
      }
    };
    await Promise.all(Array.from({ length: HASHING_WORKERS }, worker));
    return prepared;
  }

  /** Inserts the prepared accounts; the unique index on lower(username) refuses any duplicate. */
  async insert(
    manager: EntityManager,
    organizationId: string,
    accounts: PreparedAccount[],
    actor: SecurityEvent['actor'],
    /**
     * Where the request came from, for the audit record; and `bulk`: one upload is one event with
     * its counts (account.bulk_issued), not one per account.
     */
    options: { client?: SecurityEvent['client']; bulk?: boolean } = {},
  ): Promise<(IssuedAccount & { id: string })[]> {
    if (accounts.length === 0) return [];
    const temporaryExpiresAt = new Date(
      Date.now() + this.config.temporaryPasswordDays * 24 * 60 * 60 * 1000,
    );
    const rows: { id: string; username: string }[] = await manager.query(
      `INSERT INTO users (username, role, organization_id, password_hash, password_is_temporary,
                          temporary_password_expires_at, expires_on)
       SELECT a.username, a.role, $1, a.password_hash, true, $2, a.expires_on
         FROM unnest($3::varchar[], $4::varchar[], $5::text[], $6::date[])
              WITH ORDINALITY AS a (username, role, password_hash, expires_on, n)
        ORDER BY a.n
       RETURNING id, username`,
      [
        organizationId,
        temporaryExpiresAt,
        accounts.map((a) => a.username),
        accounts.map((a) => a.role),
        accounts.map((a) => a.passwordHash),
        accounts.map((a) => a.expiresOn),
      ],
    );
    const ids = new Map(rows.map((r) => [r.username, r.id]));
    await manager.query(
      `INSERT INTO password_history (user_id, password_hash)
       SELECT * FROM unnest($1::uuid[], $2::text[])`,
      [accounts.map((a) => ids.get(a.username)), accounts.map((a) => a.passwordHash)],
    );
    if (options.bulk) {
      const admins = accounts.filter((a) => a.role === 'admin').length;
      await this.events.emit(
        {
          kind: 'account.bulk_issued',
          actor,
          organizationId,
          detail: { count: accounts.length, admins, users: accounts.length - admins },
          client: options.client,
        },
        manager,
      );
    }
    for (const account of options.bulk ? [] : accounts) {
      await this.events.emit(
        {
          kind: 'account.created',
          actor,
          target: { userId: ids.get(account.username) ?? null, username: account.username },
          organizationId,
          detail: { role: account.role, expiresOn: account.expiresOn },
          client: options.client,
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

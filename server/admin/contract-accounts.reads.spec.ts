import type { ExecutionContext } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { Client } from 'pg';
import { contractOf } from '../../test/support/admin-contract';
import { createServiceModule } from '../../test/support/service-module';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { AccountInContractGuard } from './account-in-contract.guard';
import { AccountListQuery } from './account-list.query';
import type { ActingAdministrator } from './admin.decorators';
import { ContractAccounts } from './contract-accounts.service';
import type { TargetedAccount, TargetedRequest } from './target-account';

/** One statement as node-pg sent it. */
interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * What a statement does to the account `id`'s row of `users`: reads it (a SELECT answering its
 * columns), only locks it (a SELECT answering nothing of it), writes it, or leaves it alone.
 */
function onAccount(statement: Statement, id: string): 'read' | 'lock' | 'write' | null {
  const sql = statement.sql.replace(/\s+/g, ' ').trim();
  if (!/\busers\b/.test(sql) || !statement.params.includes(id)) return null;
  if (/^SELECT 1 FROM users WHERE .* FOR UPDATE$/.test(sql)) return 'lock';
  if (/^(SELECT|WITH)\b/i.test(sql)) return 'read';
  return /^UPDATE users\b/.test(sql) ? 'write' : null;
}

describe('ContractAccounts: one read of the account per action (real PostgreSQL)', () => {
  let db: TestDatabase;
  let moduleRef: TestingModule;
  let sut: ContractAccounts;
  let guard: AccountInContractGuard;

  beforeAll(async () => {
    db = await createTestDatabase();
    moduleRef = await createServiceModule(db, {
      providers: [AccountListQuery, ContractAccounts, AccountInContractGuard],
    });
    sut = moduleRef.get(ContractAccounts);
    guard = moduleRef.get(AccountInContractGuard);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await db?.drop();
  });

  async function contract() {
    const { admin, rows } = await contractOf(moduleRef, db, sut.today(), {
      admins: 2,
      users: 1,
      ipAddress: '192.0.2.1',
    });
    return {
      admin,
      user: rows.find((r) => r.role === 'user')!.id,
      other: rows.find((r) => r.role === 'admin' && r.id !== admin.userId)!.id,
    };
  }

  /** The account as the guard loads it for a request of `admin` naming `id`. */
  async function load(admin: ActingAdministrator, id: string): Promise<TargetedAccount> {
    const req = { params: { id }, principal: admin } as unknown as TargetedRequest;
    const context = { switchToHttp: () => ({ getRequest: () => req }) } as ExecutionContext;
    expect(await guard.canActivate(context)).toBe(true);
    return req.targetAccount!;
  }

  /** The request as the controller sees it, with every statement it sends. */
  async function act<T>(
    admin: ActingAdministrator,
    id: string,
    action: (target: TargetedAccount) => Promise<T>,
  ): Promise<{ answer: T; statements: Statement[] }> {
    // Every statement of node-pg's clients, whoever sends it (TypeORM, or the pool directly).
    const spy = jest.spyOn(Client.prototype, 'query');
    try {
      const answer = await action(await load(admin, id));
      const statements = spy.mock.calls.map((args): Statement => {
        const [first, second] = args as unknown[];
        if (typeof first === 'string') {
          return { sql: first, params: Array.isArray(second) ? second : [] };
        }
        const config = first as { text: string; values?: unknown[] };
        return { sql: config.text, params: config.values ?? [] };
      });
      return { answer, statements };
    } finally {
      spy.mockRestore();
    }
  }

  const past = '2020-01-01';
  const actions: [string, (a: ActingAdministrator, t: TargetedAccount) => Promise<unknown>][] = [
    ['expiry in the past', (a, t) => sut.setExpiry(a, t, past)],
    ['expiry cleared', (a, t) => sut.setExpiry(a, t, null)],
    ['role', (a, t) => sut.setRole(a, t, 'admin')],
    ['disable', (a, t) => sut.setDisabled(a, t, true)],
    ['enable', (a, t) => sut.setDisabled(a, t, false)],
    ['reset MFA', (a, t) => sut.resetMfa(a, t)],
    ['unlock', (a, t) => sut.unlock(a, t)],
    ['end sessions', (a, t) => sut.endSessions(a, t)],
    ['reissue', (a, t) => sut.reissue(a, t)],
  ];

  it('reads the account once per action, locks it once, and answers it as a fresh read shows it', async () => {
    const { admin, user } = await contract();
    const list = moduleRef.get(AccountListQuery);
    for (const [name, action] of actions) {
      const { answer, statements } = await act(admin, user, (t) => action(admin, t));
      const uses = statements.map((s) => onAccount(s, user)).filter((u) => u !== null);
      expect({ name, reads: uses.filter((u) => u === 'read').length }).toEqual({ name, reads: 1 });
      expect({ name, locks: uses.filter((u) => u === 'lock').length }).toEqual({ name, locks: 1 });
      const fresh = (await list.find(admin.organizationId, user, sut.today()))!.account;
      if (name === 'reissue') {
        expect(answer).toMatchObject({ id: user, role: fresh.role, expiresOn: fresh.expiresOn });
      } else {
        expect({ name, answer }).toEqual({ name, answer: fresh });
      }
    }
  });

  it('keeps the last-administrator rule with the one read: demoting both administrators at once leaves one', async () => {
    const { admin, other } = await contract();
    const second = { ...admin, userId: other };
    const results = await Promise.allSettled([
      load(admin, other).then((t) => sut.setRole(admin, t, 'user')),
      load(second, admin.userId).then((t) => sut.setRole(second, t, 'user')),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [{ n }] = await db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM users WHERE organization_id = $1 AND role = 'admin'`,
      [admin.organizationId],
    );
    expect(n).toBe(1);
  });
});

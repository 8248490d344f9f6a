import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { contractOf } from '../../test/support/admin-contract';
import { createServiceModule } from '../../test/support/service-module';
import { uniqueUsername } from '../../test/support/factories';
import {
  createTestDatabase,
  snapshotTables,
  type TestDatabase,
} from '../../test/support/test-database';
import type { AppError } from '../http/app-error';
import type { Principal } from '../sessions/authenticated-request';
import { AccountListQuery } from './account-list.query';
import { ContractAccounts } from './contract-accounts.service';
import type { AccountSort, ListAccountsQueryDto } from './dto/admin.dto';

// A large contract, and two small ones whose usernames sort before and after all of its: the case
// where walking the database-wide username index and filtering by contract reads every account of
// the large contract before a small contract's first page (in one direction or the other).
const LARGE = 20_000;
const SMALL = 500;
const PAGE = 50;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
}

/** Rows of `users` that the plan's scans read, kept or thrown away. */
function usersRowsRead(node: PlanNode): number {
  const own =
    node['Relation Name'] === 'users'
      ? (node['Actual Rows'] +
          (node['Rows Removed by Filter'] ?? 0) +
          (node['Rows Removed by Index Recheck'] ?? 0)) *
        node['Actual Loops']
      : 0;
  return own + (node.Plans ?? []).reduce((n, child) => n + usersRowsRead(child), 0);
}

describe('ContractAccounts.list on a database shared by contracts (real PostgreSQL)', () => {
  let db: TestDatabase;
  let moduleRef: TestingModule;
  let sut: ContractAccounts;
  const small = new Map<string, string>();

  beforeAll(async () => {
    db = await createTestDatabase();
    moduleRef = await createServiceModule(db, { providers: [AccountListQuery, ContractAccounts] });
    sut = moduleRef.get(ContractAccounts);
    const orgs = await db.dataSource.query<{ id: string; name: string }[]>(
      `INSERT INTO organizations (name, plan, service_starts_on)
       VALUES ('large', 'p', current_date - 30), ('early', 'p', current_date - 30),
              ('late', 'p', current_date - 30)
       RETURNING id, name`,
    );
    const id = (name: string) => orgs.find((o) => o.name === name)!.id;
    small.set('0-', id('early')).set('z-', id('late'));
    await db.dataSource.query(
      `INSERT INTO users (username, role, organization_id, password_hash, password_is_temporary, expires_on,
                          last_sign_in_at, created_at)
       SELECT prefix || lpad(i::text, 6, '0'), 'user', org, 'not-a-hash', false,
              CASE WHEN i % 7 = 0 THEN current_date + (i % 400) END,
              CASE WHEN i % 3 <> 0 THEN now() - (i % 1000) * interval '1 hour' END,
              now() - (i % 2000) * interval '1 hour'
         FROM (VALUES ('a-', $1::uuid, $4::int), ('0-', $2::uuid, $5::int), ('z-', $3::uuid, $5::int))
                AS c(prefix, org, n),
              LATERAL generate_series(1, c.n) AS i`,
      [id('large'), id('early'), id('late'), LARGE, SMALL],
    );
    await db.dataSource.query('ANALYZE');
  });

  afterAll(async () => {
    await moduleRef?.close();
    await db?.drop();
  });

  /** A small contract's administrator's view, with every statement it sends to the database. */
  async function listAsSmallContract(prefix: string, query: ListAccountsQueryDto) {
    const organizationId = small.get(prefix)!;
    const admin = { organizationId } as Principal;
    const dataSource = moduleRef.get(DataSource);
    // TypeORM 1 types a query's parameters as an array or an object of named ones.
    type QueryParameters = Parameters<typeof dataSource.query>[1];
    const statements: { sql: string; params: QueryParameters }[] = [];
    const original = dataSource.query.bind(dataSource);
    const spy = jest
      .spyOn(dataSource, 'query')
      .mockImplementation((sql: string, params?: QueryParameters) => {
        statements.push({ sql, params });
        return original(sql, params);
      });
    try {
      return { page: await sut.page(admin, query), statements };
    } finally {
      spy.mockRestore();
    }
  }

  const sorts: AccountSort[] = ['username', 'lastSignInAt', 'expiresOn', 'createdAt'];
  const cases = ['0-', 'z-'].flatMap((prefix) =>
    sorts.flatMap((sort) => (['asc', 'desc'] as const).map((order) => ({ prefix, sort, order }))),
  );
  it.each(cases)(
    "reads about one contract's rows, not the database's: first page of $prefix by $sort $order",
    async ({ prefix, sort, order }) => {
      const { page, statements } = await listAsSmallContract(prefix, {
        sort,
        order,
        pageSize: PAGE,
      });
      expect(page.total).toBe(SMALL);
      expect(page.items).toHaveLength(PAGE);
      expect(page.items.every((a) => a.username.startsWith(prefix))).toBe(true);
      const listing = statements.find((s) => /\bLIMIT\b/.test(s.sql))!;
      const [
        {
          'QUERY PLAN': [plan],
        },
      ] = await db.dataSource.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }[]>(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${listing.sql}`,
        listing.params,
      );
      expect(usersRowsRead(plan.Plan)).toBeLessThanOrEqual(SMALL + PAGE);
    },
  );

  it('orders the first page by username as the collation does', async () => {
    const { page } = await listAsSmallContract('z-', { pageSize: PAGE });
    expect(page.items.map((a) => a.username)).toEqual(
      Array.from({ length: PAGE }, (_, i) => `z-${String(i + 1).padStart(6, '0')}`),
    );
  });
});

describe(`${ContractAccounts.name} (built by Nest, real PostgreSQL)`, () => {
  let db: TestDatabase;
  let moduleRef: TestingModule;
  let sut: ContractAccounts;

  beforeAll(async () => {
    db = await createTestDatabase();
    moduleRef = await createServiceModule(db, { providers: [AccountListQuery, ContractAccounts] });
    sut = moduleRef.get(ContractAccounts);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await db?.drop();
  });

  /** A contract with `admins` administrators and one user; the first administrator's principal. */
  async function contract(admins: number) {
    const { admin, rows } = await contractOf(moduleRef, db, sut.today(), { admins, users: 1 });
    const account = async (id: string) =>
      (await moduleRef.get(AccountListQuery).find(admin.organizationId, id, sut.today()))!;
    return { admin, rows, account };
  }

  it('refuses to demote the only administrator, and writes nothing', async () => {
    const { admin, account } = await contract(1);
    const before = await snapshotTables(db.dataSource);

    await expect(sut.setRole(admin, await account(admin.userId), 'user')).rejects.toMatchObject({
      code: 'LAST_ADMINISTRATOR',
    });

    expect(await snapshotTables(db.dataSource)).toEqual(before);
  });

  it('demotes one of two administrators, recorded with what it was', async () => {
    const { admin, rows, account } = await contract(2);
    const other = rows.find((r) => r.role === 'admin' && r.id !== admin.userId)!;

    const after = await sut.setRole(admin, await account(other.id), 'user');

    expect(after).toMatchObject({ id: other.id, role: 'user' });
    const [event] = await db.dataSource.query<{ detail: Record<string, unknown> }[]>(
      `SELECT detail FROM audit_events WHERE kind = 'account.role_changed' AND target_user_id = $1`,
      [other.id],
    );
    expect(event.detail).toEqual({ from: 'admin', to: 'user', sessionsEnded: 0 });
  });

  it('reports every problem of a CSV with its row, creates nothing, and records the refusal', async () => {
    const { admin } = await contract(1);
    const taken = uniqueUsername('dup');
    const csv = `username,role\n${taken},user\n${taken},user\n-bad,user\nok-${taken},boss\n`;
    const before = await db.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM users',
    );

    const error = await sut.issueMany(admin, csv).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((error as AppError).fieldProblems?.map((p) => `${p.field}:${p.code}`)).toEqual([
      'rows[3].username:USERNAME_DUPLICATE',
      'rows[4].username:USERNAME_INVALID',
      'rows[5].role:ROLE_INVALID',
    ]);
    expect(await db.dataSource.query('SELECT count(*)::int AS n FROM users')).toEqual(before);
    const [refused] = await db.dataSource.query<{ detail: Record<string, unknown> }[]>(
      `SELECT detail FROM audit_events WHERE kind = 'account.bulk_issue_refused' AND actor_user_id = $1`,
      [admin.userId],
    );
    expect(refused.detail).toEqual({ reason: 'invalid_rows', rows: 4, problems: 3 });
  });
});

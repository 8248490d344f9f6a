import * as argon2 from 'argon2';

import { type CliRun, runCli } from '../support/cli';
import { uniqueUsername } from '../support/factories';
import { createTestDatabase, snapshotTables, type TestDatabase } from '../support/test-database';

// Every run boots Nest in a new Node process with ts-node: about a second each.
jest.setTimeout(120_000);

const ISSUED_KEYS = ['expiresOn', 'role', 'temporaryPassword', 'username'];
const SUMMARY_KEYS = [
  'createdAt',
  'disabled',
  'expiresOn',
  'lastSignInAt',
  'passwordIsTemporary',
  'role',
  'temporaryPasswordExpiresAt',
  'username',
];

interface Issued {
  username: string;
  role: string;
  temporaryPassword: string;
  expiresOn: string | null;
}

describe('The operator CLI (server/cli/main.ts)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  const cli = (...args: string[]): Promise<CliRun> => runCli(db.url, ...args);

  /** The single line of JSON a successful `--json` run prints. */
  function jsonLine(run: CliRun): unknown {
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    return JSON.parse(lines[0]);
  }

  function issued(run: CliRun): Issued {
    const value = jsonLine(run) as Issued;
    expect(Object.keys(value).sort()).toEqual(ISSUED_KEYS);
    return value;
  }

  async function storedUser(username: string) {
    const rows: {
      username: string;
      role: string;
      password_hash: string;
      password_is_temporary: boolean;
      expires_on: string | null;
    }[] = await db.dataSource.query(
      `SELECT username, role, password_hash, password_is_temporary, expires_on::text AS expires_on
         FROM users WHERE lower(username) = lower($1)`,
      [username],
    );
    return rows;
  }

  async function create(username: string): Promise<Issued> {
    return issued(await cli('account', 'create', '--username', username, '--json'));
  }

  describe('account create', () => {
    it('prints exactly one line of JSON with the issued account and a temporary password that signs in', async () => {
      const username = uniqueUsername('Cli');

      const account = issued(await cli('account', 'create', '--username', username, '--json'));

      expect(account).toEqual({
        username,
        role: 'user',
        temporaryPassword: expect.any(String),
        expiresOn: null,
      });
      const [row] = await storedUser(username);
      expect(row).toMatchObject({ username, role: 'user', password_is_temporary: true });
      expect(await argon2.verify(row.password_hash, account.temporaryPassword)).toBe(true);
    });

    it('issues an administrator with an expiry date', async () => {
      const username = uniqueUsername('CliAdmin');

      const account = issued(
        await cli(
          'account',
          'create',
          '--username',
          username,
          '--role',
          'admin',
          '--expires',
          '2027-03-31',
          '--json',
        ),
      );

      expect(account).toMatchObject({ username, role: 'admin', expiresOn: '2027-03-31' });
      expect(await storedUser(username)).toEqual([
        expect.objectContaining({ role: 'admin', expires_on: '2027-03-31' }),
      ]);
    });

    it('prints readable text without --json, the temporary password included', async () => {
      const username = uniqueUsername('CliText');

      const run = await cli('account', 'create', '--username', username);

      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toMatch(new RegExp(`^username: +${username}$`, 'm'));
      expect(run.stdout).toMatch(/^role: +user$/m);
      expect(run.stdout).toMatch(/^expires on: +-$/m);
      const password = /^temporary password: +(\S+)/m.exec(run.stdout)?.[1];
      expect(password).toBeDefined();
      const [row] = await storedUser(username);
      expect(await argon2.verify(row.password_hash, password!)).toBe(true);
    });

    it('refuses a username taken in another case: non-zero exit, a message on stderr, nothing on stdout or in the database', async () => {
      const username = uniqueUsername('CliTaken');
      await create(username);
      const before = await snapshotTables(db.dataSource);

      const run = await cli('account', 'create', '--username', username.toUpperCase(), '--json');

      expect(run.code).not.toBe(0);
      expect(run.stdout).toBe('');
      expect(JSON.parse(run.stderr)).toEqual({
        error: {
          code: 'USERNAME_TAKEN',
          message: expect.stringMatching(/already in use/),
        },
      });
      expect(await snapshotTables(db.dataSource)).toEqual(before);
    });

    it.each([
      {
        problem: 'a missing --username',
        args: () => ['--role', 'admin'],
        exitCode: 2,
        message: /--username is required[\s\S]*Usage:/,
      },
      {
        problem: 'an unknown role',
        args: (username: string) => ['--username', username, '--role', 'superuser'],
        exitCode: 2,
        message: /--role must be one of user, admin/,
      },
      {
        problem: 'a date that does not exist',
        args: (username: string) => ['--username', username, '--expires', '2026-02-30'],
        exitCode: 1,
        message: /expiry date must be a real date in the form YYYY-MM-DD/,
      },
    ])(
      'refuses $problem: exit $exitCode, a clear message on stderr, nothing on stdout or in the database',
      async ({ args, exitCode, message }) => {
        const before = await snapshotTables(db.dataSource);

        const run = await cli('account', 'create', ...args(uniqueUsername('CliBad')));

        expect(run.code).toBe(exitCode);
        expect(run.stdout).toBe('');
        expect(run.stderr).toMatch(/^error: /);
        expect(run.stderr).toMatch(message);
        expect(await snapshotTables(db.dataSource)).toEqual(before);
      },
    );
  });

  describe('account reissue', () => {
    it('prints the same one line of JSON with a new temporary password; the old one stops working', async () => {
      const username = uniqueUsername('CliReissue');
      const first = await create(username);

      const again = issued(
        await cli('account', 'reissue', '--username', username.toLowerCase(), '--json'),
      );

      expect(again).toEqual({
        username,
        role: 'user',
        temporaryPassword: expect.any(String),
        expiresOn: null,
      });
      expect(again.temporaryPassword).not.toBe(first.temporaryPassword);
      const [row] = await storedUser(username);
      expect(await argon2.verify(row.password_hash, again.temporaryPassword)).toBe(true);
      expect(await argon2.verify(row.password_hash, first.temporaryPassword)).toBe(false);
    });

    it('refuses an unknown username with a non-zero exit and a message on stderr', async () => {
      const before = await snapshotTables(db.dataSource);

      const run = await cli('account', 'reissue', '--username', uniqueUsername('CliGhost'));

      expect(run.code).not.toBe(0);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^error: No account has that username/);
      expect(await snapshotTables(db.dataSource)).toEqual(before);
    });
  });

  describe('account unlock', () => {
    async function userId(username: string): Promise<string> {
      const rows: { id: string }[] = await db.dataSource.query(
        'SELECT id FROM users WHERE username = $1',
        [username],
      );
      return rows[0].id;
    }

    it('lifts a lockout, prints {"username","unlocked"} and records one account.unlocked by the operator', async () => {
      const username = uniqueUsername('CliLocked');
      await create(username);
      const id = await userId(username);
      await db.dataSource.query(
        `INSERT INTO sign_in_throttles (scope, key, failures, first_failure_at, last_failure_at, locked_until, locked_at)
         VALUES ('account', $1, 10, now(), now(), now() + interval '15 minutes', now())`,
        [id],
      );

      const result = jsonLine(
        await cli('account', 'unlock', '--username', username.toUpperCase(), '--json'),
      );

      expect(result).toEqual({ username, unlocked: true });
      const throttles: unknown[] = await db.dataSource.query(
        `SELECT 1 FROM sign_in_throttles WHERE scope = 'account' AND key = $1`,
        [id],
      );
      expect(throttles).toEqual([]);
      const events: { actor_kind: string; organization_id: string | null }[] =
        await db.dataSource.query(
          `SELECT actor_kind, organization_id FROM audit_events
            WHERE kind = 'account.unlocked' AND target_user_id = $1`,
          [id],
        );
      expect(events).toEqual([{ actor_kind: 'operator', organization_id: expect.any(String) }]);

      const again = await cli('account', 'unlock', '--username', username);
      expect(again).toMatchObject({ code: 0, stderr: '' });
      expect(again.stdout).toBe(`${username}: was not locked (nothing to lift)\n`);
    });

    it('refuses an unknown username with exit 1, a message on stderr and nothing written', async () => {
      const before = await snapshotTables(db.dataSource);

      const run = await cli('account', 'unlock', '--username', uniqueUsername('CliGhost'));

      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^error: No account has that username/);
      expect(await snapshotTables(db.dataSource)).toEqual(before);
    });
  });

  describe('account list', () => {
    it('prints a JSON array of the accounts without any hash or password', async () => {
      const account = await create(uniqueUsername('CliList'));

      const list = jsonLine(await cli('account', 'list', '--json'));

      expect(Array.isArray(list)).toBe(true);
      const accounts = list as Record<string, unknown>[];
      for (const entry of accounts) expect(Object.keys(entry).sort()).toEqual(SUMMARY_KEYS);
      expect(accounts.find((a) => a.username === account.username)).toMatchObject({
        role: 'user',
        passwordIsTemporary: true,
        disabled: false,
        expiresOn: null,
      });
      const text = JSON.stringify(list);
      expect(text).not.toContain('$argon2');
      expect(text).not.toContain(account.temporaryPassword);
    });

    it('prints a readable table without --json', async () => {
      const account = await create(uniqueUsername('CliTable'));

      const run = await cli('account', 'list');

      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toMatch(/^USERNAME +ROLE +STATE +EXPIRES ON +LAST SIGN-IN$/m);
      expect(run.stdout).toMatch(
        new RegExp(`^${account.username} +user +temporary password +- +-$`, 'm'),
      );
      expect(run.stdout).not.toContain('$argon2');
      expect(run.stdout).not.toContain(account.temporaryPassword);
    });
  });

  it('prints its usage for --help and exits 0', async () => {
    const run = await cli('--help');

    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^Usage: /);
    expect(run.stdout).toContain('account create --username <name>');
  });
});

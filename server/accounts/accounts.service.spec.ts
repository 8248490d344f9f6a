import type { TestingModule } from '@nestjs/testing';
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { uniqueUsername } from '../../test/support/factories';
import { createServiceModule } from '../../test/support/service-module';
import {
  createTestDatabase,
  snapshotTables,
  type TestDatabase,
} from '../../test/support/test-database';
import { PASSWORD_POLICY, type PasswordPolicy } from '../password-policy/password-policy';
import { UsersError, type UsersErrorCode } from '../users/users.errors';
import { UsersService } from '../users/users.service';
import { AccountsService } from './accounts.service';

const DAY_MS = 24 * 60 * 60 * 1000;

interface UserRow {
  id: string;
  username: string;
  role: string;
  password_hash: string;
  password_is_temporary: boolean;
  temporary_password_expires_at: Date | null;
  expires_on: string | null;
}

/** The code of the UsersError `promise` rejects with; fails the test if it resolves. */
async function usersErrorCode(promise: Promise<unknown>): Promise<UsersErrorCode> {
  const error = await promise.then(
    () => {
      throw new Error('expected a UsersError, but the call succeeded');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof UsersError)) throw error;
  return error.code;
}

/** `name` with its letters upper- or lower-cased by the bits of `variant`. */
function caseVariant(name: string, variant: number): string {
  let bit = 0;
  return [...name]
    .map((c) => {
      if (!/[a-z]/i.test(c)) return c;
      const upper = (variant >> bit++) & 1;
      return upper ? c.toUpperCase() : c.toLowerCase();
    })
    .join('');
}

describe(AccountsService.name, () => {
  let db: TestDatabase;
  let moduleRef: TestingModule;
  let sut: AccountsService;
  let users: UsersService;

  beforeAll(async () => {
    db = await createTestDatabase();
    moduleRef = await createServiceModule(db);
    sut = moduleRef.get(AccountsService);
    users = moduleRef.get(UsersService);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await db?.drop();
  });

  async function userRow(username: string): Promise<UserRow> {
    const rows: UserRow[] = await db.dataSource.query(
      `SELECT id, username, role, password_hash, password_is_temporary,
              temporary_password_expires_at, expires_on::text AS expires_on
         FROM users WHERE lower(username) = lower($1)`,
      [username],
    );
    expect(rows).toHaveLength(1);
    return rows[0];
  }

  async function historyCount(userId: string): Promise<number> {
    const [{ count }]: { count: number }[] = await db.dataSource.query(
      'SELECT count(*)::int AS count FROM password_history WHERE user_id = $1',
      [userId],
    );
    return count;
  }

  async function addSession(userId: string): Promise<void> {
    await db.dataSource.query(
      `INSERT INTO sessions (user_id, token_hash, absolute_expires_at)
       VALUES ($1, gen_random_bytes(32), now() + interval '1 hour')`,
      [userId],
    );
  }

  async function sessionCount(userId: string): Promise<number> {
    const [{ count }]: { count: number }[] = await db.dataSource.query(
      'SELECT count(*)::int AS count FROM sessions WHERE user_id = $1',
      [userId],
    );
    return count;
  }

  describe('create', () => {
    it('stores an argon2id hash with m=19456, t=2, p=1 and never the password itself', async () => {
      const issued = await sut.create({
        username: uniqueUsername(),
        role: 'user',
        expiresOn: null,
      });

      const row = await userRow(issued.username);
      expect(row.password_hash).toMatch(
        /^\$argon2id\$v=19\$m=19456,p=1,t=2\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/,
      );
      expect(JSON.stringify(await snapshotTables(db.dataSource))).not.toContain(
        issued.temporaryPassword,
      );
    });

    it('issues a temporary password that verifies against the stored hash and satisfies the policy', async () => {
      const username = uniqueUsername();

      const issued = await sut.create({ username, role: 'user', expiresOn: null });

      const row = await userRow(username);
      expect(await argon2.verify(row.password_hash, issued.temporaryPassword)).toBe(true);
      const policy = moduleRef.get<PasswordPolicy>(PASSWORD_POLICY);
      expect(await policy.validate({ password: issued.temporaryPassword, username }, 'en')).toEqual(
        [],
      );
    });

    it('returns and stores the username, role and expiry it was given', async () => {
      const username = uniqueUsername('Admin');

      const issued = await sut.create({ username, role: 'admin', expiresOn: '2027-03-31' });

      expect(issued).toEqual({
        id: expect.any(String),
        username,
        role: 'admin',
        temporaryPassword: expect.any(String),
        expiresOn: '2027-03-31',
      });
      expect(await userRow(username)).toMatchObject({
        username,
        role: 'admin',
        expires_on: '2027-03-31',
      });
    });

    it('marks the password temporary, valid for 7 days by default, and records it in the history', async () => {
      const before = Date.now();
      const issued = await sut.create({
        username: uniqueUsername(),
        role: 'user',
        expiresOn: null,
      });
      const after = Date.now();

      const row = await userRow(issued.username);
      expect(row.password_is_temporary).toBe(true);
      const expiresAt = row.temporary_password_expires_at!.getTime();
      expect(expiresAt).toBeGreaterThanOrEqual(before + 7 * DAY_MS);
      expect(expiresAt).toBeLessThanOrEqual(after + 7 * DAY_MS);
      expect(await users.recentPasswordHashes(row.id)).toEqual([row.password_hash]);
    });

    it('keeps the temporary password for TEMP_PASSWORD_DAYS days', async () => {
      const configured = await createServiceModule(db, {}, { TEMP_PASSWORD_DAYS: '3' });
      try {
        const before = Date.now();
        const issued = await configured.get(AccountsService).create({
          username: uniqueUsername(),
          role: 'user',
          expiresOn: null,
        });
        const after = Date.now();

        const expiresAt = (await userRow(issued.username)).temporary_password_expires_at!.getTime();
        expect(expiresAt).toBeGreaterThanOrEqual(before + 3 * DAY_MS);
        expect(expiresAt).toBeLessThanOrEqual(after + 3 * DAY_MS);
      } finally {
        await configured.close();
      }
    });

    it('refuses a username that exists in another case, and writes nothing', async () => {
      const username = uniqueUsername('Tanaka');
      await sut.create({ username, role: 'user', expiresOn: null });
      const before = await snapshotTables(db.dataSource);

      for (const taken of [username, username.toUpperCase(), username.toLowerCase()]) {
        expect(
          await usersErrorCode(sut.create({ username: taken, role: 'admin', expiresOn: null })),
        ).toBe('USERNAME_TAKEN');
      }
      expect(await snapshotTables(db.dataSource)).toEqual(before);
    });

    it('lets exactly one of ten concurrent creations of one username (in ten cases) succeed', async () => {
      const base = `raceuser-${randomBytes(4).toString('hex')}`;
      const variants = Array.from({ length: 10 }, (_, i) => caseVariant(base, i));
      expect(new Set(variants).size).toBe(10);

      const results = await Promise.allSettled(
        variants.map((username) => sut.create({ username, role: 'user', expiresOn: null })),
      );

      const succeeded = results.filter((r) => r.status === 'fulfilled');
      const failed = results.filter((r) => r.status === 'rejected');
      expect(succeeded).toHaveLength(1);
      expect(failed.map((r) => (r.reason as UsersError).code)).toEqual(
        Array<UsersErrorCode>(9).fill('USERNAME_TAKEN'),
      );
      const row = await userRow(base);
      expect(row.username).toBe(succeeded[0].value.username);
      expect(await historyCount(row.id)).toBe(1);
    });

    it.each([
      ['empty', ''],
      ['65 characters', `a${'b'.repeat(64)}`],
      ['a space inside', 'yamada taro'],
      ['a trailing newline', 'yamada\n'],
      ['full-width letters', 'ｙａｍａｄａ'],
      ['kana', 'やまだ'],
      ['a leading dot', '.yamada'],
      ['a leading hyphen', '-yamada'],
      ['a slash', 'yamada/taro'],
    ])('refuses a username with %s (USERNAME_INVALID) and writes nothing', async (_, username) => {
      const before = await snapshotTables(db.dataSource);

      expect(await usersErrorCode(sut.create({ username, role: 'user', expiresOn: null }))).toBe(
        'USERNAME_INVALID',
      );
      expect(await snapshotTables(db.dataSource)).toEqual(before);
    });

    it.each([
      ['one character', () => 'k'],
      ['64 characters', () => `u${randomBytes(8).toString('hex')}`.padEnd(64, 'x')],
      ['every allowed symbol', () => `${uniqueUsername('a')}.b_c@d-e`],
    ])('accepts a username of %s', async (_, makeUsername) => {
      const username = makeUsername();

      const issued = await sut.create({ username, role: 'user', expiresOn: null });

      expect((await userRow(username)).username).toBe(issued.username);
    });

    it.each([
      '2026-02-30',
      '2026-13-01',
      '2026-1-01',
      '2026/03/31',
      '31-03-2026',
      '',
      '0000-01-01',
    ])('refuses the expiry date %j (EXPIRY_INVALID) and writes nothing', async (expiresOn) => {
      const before = await snapshotTables(db.dataSource);

      expect(
        await usersErrorCode(sut.create({ username: uniqueUsername(), role: 'user', expiresOn })),
      ).toBe('EXPIRY_INVALID');
      expect(await snapshotTables(db.dataSource)).toEqual(before);
    });
  });

  describe('reissueByUsername', () => {
    it('gives a new working temporary password, stops the old one and ends every session of the account', async () => {
      const username = uniqueUsername('Reissue');
      const first = await sut.create({ username, role: 'user', expiresOn: '2027-03-31' });
      const { id } = await userRow(username);
      // As after the user changed the temporary password.
      await db.dataSource.query(
        `UPDATE users SET password_is_temporary = false, temporary_password_expires_at = NULL
          WHERE id = $1`,
        [id],
      );
      await addSession(id);
      await addSession(id);
      const bystander = await sut.create({
        username: uniqueUsername(),
        role: 'user',
        expiresOn: null,
      });
      const bystanderId = (await userRow(bystander.username)).id;
      await addSession(bystanderId);

      const before = Date.now();
      const reissued = await sut.reissueByUsername(username.toUpperCase());
      const after = Date.now();

      expect(reissued).toEqual({
        username,
        role: 'user',
        temporaryPassword: expect.any(String),
        expiresOn: '2027-03-31',
      });
      expect(reissued.temporaryPassword).not.toBe(first.temporaryPassword);
      const row = await userRow(username);
      expect(await argon2.verify(row.password_hash, reissued.temporaryPassword)).toBe(true);
      expect(await argon2.verify(row.password_hash, first.temporaryPassword)).toBe(false);
      expect(row.password_is_temporary).toBe(true);
      const expiresAt = row.temporary_password_expires_at!.getTime();
      expect(expiresAt).toBeGreaterThanOrEqual(before + 7 * DAY_MS);
      expect(expiresAt).toBeLessThanOrEqual(after + 7 * DAY_MS);
      expect(await sessionCount(id)).toBe(0);
      expect(await sessionCount(bystanderId)).toBe(1);
      expect((await users.recentPasswordHashes(id))[0]).toBe(row.password_hash);
    });

    it('answers ACCOUNT_NOT_FOUND for an unknown username and writes nothing', async () => {
      const before = await snapshotTables(db.dataSource);

      expect(await usersErrorCode(sut.reissueByUsername(uniqueUsername('ghost')))).toBe(
        'ACCOUNT_NOT_FOUND',
      );
      expect(await snapshotTables(db.dataSource)).toEqual(before);
    });
  });

  describe('password history', () => {
    /** Creates an account, reissues its password `reissues` times; every stored hash, oldest first. */
    async function hashesOverTime(accounts: AccountsService, reissues: number) {
      const username = uniqueUsername();
      await accounts.create({ username, role: 'user', expiresOn: null });
      const { id, password_hash } = await userRow(username);
      const hashes = [password_hash];
      for (let i = 0; i < reissues; i++) {
        await accounts.reissueByUsername(username);
        hashes.push((await userRow(username)).password_hash);
      }
      return { id, hashes };
    }

    it('keeps the five most recent hashes (PASSWORD_HISTORY default) and lists them newest first', async () => {
      const { id, hashes } = await hashesOverTime(sut, 6);

      expect(await historyCount(id)).toBe(5);
      expect(await users.recentPasswordHashes(id)).toEqual(hashes.slice(-5).reverse());
    });

    it('keeps PASSWORD_HISTORY hashes when it is configured', async () => {
      const configured = await createServiceModule(db, {}, { PASSWORD_HISTORY: '2' });
      try {
        const { id, hashes } = await hashesOverTime(configured.get(AccountsService), 3);

        expect(await historyCount(id)).toBe(2);
        expect(await configured.get(UsersService).recentPasswordHashes(id)).toEqual(
          hashes.slice(-2).reverse(),
        );
      } finally {
        await configured.close();
      }
    });
  });

  describe('UsersService.listAccounts', () => {
    it('lists every account by username with its state and without any hash or secret', async () => {
      const admin = await sut.create({
        username: uniqueUsername('ListAdmin'),
        role: 'admin',
        expiresOn: '2027-03-31',
      });
      const user = await sut.create({
        username: uniqueUsername('ListUser'),
        role: 'user',
        expiresOn: null,
      });

      const accounts = await users.listAccounts();

      const expectedKeys = [
        'createdAt',
        'disabled',
        'expiresOn',
        'lastSignInAt',
        'passwordIsTemporary',
        'role',
        'temporaryPasswordExpiresAt',
        'username',
      ];
      for (const account of accounts) expect(Object.keys(account).sort()).toEqual(expectedKeys);
      expect(accounts.find((a) => a.username === admin.username)).toEqual({
        username: admin.username,
        role: 'admin',
        passwordIsTemporary: true,
        temporaryPasswordExpiresAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        expiresOn: '2027-03-31',
        disabled: false,
        lastSignInAt: null,
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      });
      expect(accounts.find((a) => a.username === user.username)?.expiresOn).toBeNull();
      const listed = JSON.stringify(accounts);
      expect(listed).not.toContain('$argon2');
      for (const issued of [admin, user]) expect(listed).not.toContain(issued.temporaryPassword);
      const names = accounts.map((a) => a.username);
      expect(names).toEqual([...names].sort());
    });
  });
});

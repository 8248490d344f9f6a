import { AccountsService } from '../accounts/accounts.service';
import type { TestingModule } from '@nestjs/testing';
import * as argon2 from 'argon2';
import { issueAccount, strongPassword, uniqueUsername } from '../../test/support/factories';
import { createServiceModule } from '../../test/support/service-module';
import {
  createTestDatabase,
  snapshotTables,
  type TestDatabase,
} from '../../test/support/test-database';
import { AppError } from '../http/app-error';
import type { AuthErrorCode } from './auth.errors';
import { PASSWORD_HASHER, type PasswordHasher } from '../password-hashing/password-hasher';
import { UsersService } from '../users/users.service';
import { AuthModule } from './auth.module';
import { AuthService } from './auth.service';
import type { Principal } from '../sessions/authenticated-request';
import type { ChangePasswordDto } from './dto/change-password.dto';
import { SessionsService } from '../sessions/sessions.service';

const client = { ipAddress: '198.51.100.20', userAgent: 'Mozilla/5.0 (jest)' };

interface UserRow {
  id: string;
  password_hash: string;
  password_is_temporary: boolean;
  temporary_password_expires_at: Date | null;
}

/** The AppError `promise` rejects with; fails the test if it resolves or throws anything else. */
async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => {
      throw new Error('expected an AppError, but the call succeeded');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw error;
  return error;
}

const problemsOf = (error: AppError) =>
  (error.fieldProblems ?? []).map((p) => `${p.field}:${p.code}`);

function change(currentPassword: string, newPassword: string, confirmation = newPassword) {
  const dto: ChangePasswordDto = {
    currentPassword,
    newPassword,
    newPasswordConfirmation: confirmation,
  };
  return dto;
}

const NO_CLIENT = { ipAddress: null, userAgent: null };

describe(AuthService.name, () => {
  let db: TestDatabase;
  let moduleRef: TestingModule;
  let sut: AuthService;
  let sessions: SessionsService;
  let hasher: PasswordHasher;

  beforeAll(async () => {
    db = await createTestDatabase();
    // The one module of this file with AuthModule (passport keeps strategies process-wide).
    moduleRef = await createServiceModule(db, { imports: [AuthModule] });
    sut = moduleRef.get(AuthService);
    sessions = moduleRef.get(SessionsService);
    hasher = moduleRef.get(PASSWORD_HASHER);
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  afterAll(async () => {
    await moduleRef?.close();
    await db?.drop();
  });

  async function userRow(username: string): Promise<UserRow> {
    const rows: UserRow[] = await db.dataSource.query(
      `SELECT id, password_hash, password_is_temporary, temporary_password_expires_at
         FROM users WHERE username = $1`,
      [username],
    );
    expect(rows).toHaveLength(1);
    return rows[0];
  }

  async function account(expiresOn: string | null = null) {
    const { username, password } = await issueAccount(moduleRef.get(AccountsService), {
      expiresOn,
    });
    return { username, password, id: (await userRow(username)).id };
  }

  /** A session of the account, as the session guard would see it. */
  async function signedIn(userId: string): Promise<{ token: string; principal: Principal }> {
    const token = await sessions.create(userId, client);
    const principal = await sessions.authenticate(token);
    if (!principal) throw new Error('a new session did not authenticate');
    return { token, principal };
  }

  async function sessionIds(userId: string): Promise<string[]> {
    const rows: { id: string }[] = await db.dataSource.query(
      'SELECT id FROM sessions WHERE user_id = $1 ORDER BY id',
      [userId],
    );
    return rows.map((r) => r.id);
  }

  async function historyCount(userId: string): Promise<number> {
    const [{ count }]: { count: number }[] = await db.dataSource.query(
      'SELECT count(*)::int AS count FROM password_history WHERE user_id = $1',
      [userId],
    );
    return count;
  }

  describe('changePassword', () => {
    it('stores the new hash, clears the temporary state, adds to the history, ends the other sessions and renews this one', async () => {
      const user = await account();
      const here = await signedIn(user.id);
      const elsewhere = await signedIn(user.id);
      const bystander = await account();
      const bystanderSession = await signedIn(bystander.id);
      const historyBefore = await historyCount(user.id);
      const newPassword = strongPassword();

      const result = await sut.changePassword(
        here.principal,
        change(user.password, newPassword),
        'en',
        NO_CLIENT,
      );

      expect(result.session).toEqual({
        username: user.username,
        role: 'user',
        expiresOn: null,
        passwordChangeRequired: false,
        mfaRequired: false,
      });
      const row = await userRow(user.username);
      expect(await argon2.verify(row.password_hash, newPassword)).toBe(true);
      expect(await argon2.verify(row.password_hash, user.password)).toBe(false);
      expect(row.password_is_temporary).toBe(false);
      expect(row.temporary_password_expires_at).toBeNull();
      expect(await historyCount(user.id)).toBe(historyBefore + 1);
      expect((await moduleRef.get(UsersService).recentPasswordHashes(user.id))[0]).toBe(
        row.password_hash,
      );
      expect(await sessionIds(user.id)).toEqual([here.principal.sessionId]);
      expect(result.token).not.toBe(here.token);
      expect(await sessions.authenticate(here.token)).toBeNull();
      expect(await sessions.authenticate(elsewhere.token)).toBeNull();
      expect(await sessions.authenticate(result.token)).toEqual({
        ...here.principal,
        passwordIsTemporary: false,
      });
      expect((await sessions.authenticate(bystanderSession.token))?.userId).toBe(bystander.id);
    });

    it.each([
      [
        'a wrong current password',
        (current: string, fresh: string) => change(`${current}x`, fresh),
        ['currentPassword:CURRENT_PASSWORD_INCORRECT'],
      ],
      [
        'a new password without an upper-case letter',
        (current: string, fresh: string) => change(current, fresh.toLowerCase()),
        ['newPassword:UPPERCASE'],
      ],
      [
        'a confirmation that does not match',
        (current: string, fresh: string) => change(current, fresh, `${fresh}x`),
        ['newPasswordConfirmation:CONFIRMATION_MISMATCH'],
      ],
      [
        'the current password again',
        (current: string) => change(current, current),
        ['newPassword:NOT_CURRENT', 'newPassword:NOT_RECENT'],
      ],
      [
        'everything wrong at once',
        (current: string) => change(`${current}x`, 'kqzvbwxj', 'other'),
        [
          'currentPassword:CURRENT_PASSWORD_INCORRECT',
          'newPassword:MIN_LENGTH',
          'newPassword:UPPERCASE',
          'newPassword:DIGIT_OR_SYMBOL',
          'newPasswordConfirmation:CONFIRMATION_MISMATCH',
        ],
      ],
    ])(
      'refuses %s with VALIDATION_FAILED, naming every problem, and changes nothing',
      async (_, makeDto, expected) => {
        const user = await account();
        const here = await signedIn(user.id);
        await signedIn(user.id);
        const before = await snapshotTables(db.dataSource);

        const error = await appErrorOf(
          sut.changePassword(
            here.principal,
            makeDto(user.password, strongPassword()),
            'en',
            NO_CLIENT,
          ),
        );

        expect(error.code).toBe('VALIDATION_FAILED');
        expect(problemsOf(error)).toEqual(expected);
        expect(await snapshotTables(db.dataSource)).toEqual(before);
      },
    );

    it('changes nothing when a step fails after the password was written (one transaction)', async () => {
      const user = await account();
      const here = await signedIn(user.id);
      await signedIn(user.id);
      const before = await snapshotTables(db.dataSource);
      jest.spyOn(sessions, 'renew').mockRejectedValueOnce(new Error('connection lost'));

      await expect(
        sut.changePassword(
          here.principal,
          change(user.password, strongPassword()),
          'en',
          NO_CLIENT,
        ),
      ).rejects.toThrow('connection lost');

      expect(await snapshotTables(db.dataSource)).toEqual(before);
    });

    it('lets only one of two concurrent changes from the same password win, even when both passed validation', async () => {
      const user = await account();
      const first = await signedIn(user.id);
      const second = await signedIn(user.id);
      const historyBefore = await historyCount(user.id);
      // Both requests verify the current password before either writes: each waits in hash() for
      // the other, so only the database can tell them apart.
      const hash = hasher.hash.bind(hasher);
      let arrived = 0;
      let release!: () => void;
      const bothValidated = new Promise<void>((resolve) => (release = resolve));
      jest.spyOn(hasher, 'hash').mockImplementation(async (password) => {
        if (++arrived === 2) release();
        await bothValidated;
        return hash(password);
      });
      const passwords = [strongPassword(), strongPassword()];

      const results = await Promise.allSettled([
        sut.changePassword(first.principal, change(user.password, passwords[0]), 'en', NO_CLIENT),
        sut.changePassword(second.principal, change(user.password, passwords[1]), 'en', NO_CLIENT),
      ]);

      expect(arrived).toBe(2);
      const winner = results.findIndex((r) => r.status === 'fulfilled');
      const loser = results.findIndex((r) => r.status === 'rejected');
      expect([winner, loser].sort()).toEqual([0, 1]);
      const refusal = (results[loser] as PromiseRejectedResult).reason as unknown;
      expect(refusal).toBeInstanceOf(AppError);
      expect(refusal).toMatchObject({
        code: 'VALIDATION_FAILED',
        fieldProblems: [{ field: 'currentPassword', code: 'CURRENT_PASSWORD_INCORRECT' }],
      });
      const row = await userRow(user.username);
      expect(await argon2.verify(row.password_hash, passwords[winner])).toBe(true);
      expect(await argon2.verify(row.password_hash, passwords[loser])).toBe(false);
      expect(await historyCount(user.id)).toBe(historyBefore + 1);
      const winnerSession = [first, second][winner].principal.sessionId;
      expect(await sessionIds(user.id)).toEqual([winnerSession]);
    });
  });

  describe('validateCredentials', () => {
    it('returns the account for the right password, whatever the case of the username', async () => {
      const user = await account();

      const found = await sut.validateCredentials(user.username.toUpperCase(), user.password);

      expect(found.id).toBe(user.id);
    });

    it('spends a dummy verification on an unknown username, then answers INVALID_CREDENTIALS', async () => {
      const dummy = jest.spyOn(hasher, 'verifyAgainstDummy');

      const error = await appErrorOf(
        sut.validateCredentials(uniqueUsername('ghost'), 'Whatever-123'),
      );

      expect(error.code).toBe('INVALID_CREDENTIALS');
      expect(dummy).toHaveBeenCalledTimes(1);
      expect(dummy).toHaveBeenCalledWith('Whatever-123');
    });

    it('answers INVALID_CREDENTIALS for a wrong password, verifying against the real hash', async () => {
      const user = await account();
      const dummy = jest.spyOn(hasher, 'verifyAgainstDummy');
      const verify = jest.spyOn(hasher, 'verify');

      const error = await appErrorOf(sut.validateCredentials(user.username, `${user.password}x`));

      expect(error.code).toBe('INVALID_CREDENTIALS');
      expect(dummy).not.toHaveBeenCalled();
      expect(verify).toHaveBeenCalledWith(
        (await userRow(user.username)).password_hash,
        `${user.password}x`,
      );
    });

    it.each<[string, string, AuthErrorCode]>([
      ['disabled', 'UPDATE users SET disabled = true WHERE id = $1', 'ACCOUNT_DISABLED'],
      [
        'past its expiry date',
        `UPDATE users SET expires_on = '2020-01-01' WHERE id = $1`,
        'ACCOUNT_EXPIRED',
      ],
      [
        'holding an expired temporary password',
        `UPDATE users SET temporary_password_expires_at = now() - interval '1 minute' WHERE id = $1`,
        'TEMPORARY_PASSWORD_EXPIRED',
      ],
    ])('tells that an account is %s only to someone with its password', async (_, sql, code) => {
      const user = await account();
      await db.dataSource.query(sql, [user.id]);

      const wrong = await appErrorOf(sut.validateCredentials(user.username, 'Whatever-123'));
      const right = await appErrorOf(sut.validateCredentials(user.username, user.password));

      expect(wrong.code).toBe('INVALID_CREDENTIALS');
      expect(right.code).toBe(code);
    });

    it('accepts an account through the whole of its expiry day in Asia/Tokyo and not after', async () => {
      const user = await account('2026-03-31');

      const lastMoment = await sut.validateCredentials(
        user.username,
        user.password,
        NO_CLIENT,
        new Date('2026-03-31T14:59:59.999Z'),
      );
      const nextDay = await appErrorOf(
        sut.validateCredentials(
          user.username,
          user.password,
          NO_CLIENT,
          new Date('2026-03-31T15:00:00Z'),
        ),
      );

      expect(lastMoment.id).toBe(user.id);
      expect(nextDay.code).toBe('ACCOUNT_EXPIRED');
    });

    it('accepts a temporary password until the instant it expires', async () => {
      const user = await account();
      const expiresAt = (await userRow(user.username)).temporary_password_expires_at!;

      const justBefore = await sut.validateCredentials(
        user.username,
        user.password,
        NO_CLIENT,
        new Date(expiresAt.getTime() - 1),
      );
      const atExpiry = await appErrorOf(
        sut.validateCredentials(user.username, user.password, NO_CLIENT, expiresAt),
      );

      expect(justBefore.id).toBe(user.id);
      expect(atExpiry.code).toBe('TEMPORARY_PASSWORD_EXPIRED');
    });
  });
});

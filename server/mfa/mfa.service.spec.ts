import type { TestingModule } from '@nestjs/testing';
import { issueAccount } from '../../test/support/factories';
import { createServiceModule } from '../../test/support/service-module';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { secretOfUri, totp } from '../../test/support/totp';
import { AccountsService } from '../accounts/accounts.service';
import { AppError } from '../http/app-error';
import type { Principal } from '../sessions/authenticated-request';
import { MfaModule } from './mfa.module';
import { MfaService } from './mfa.service';

const client = { ipAddress: '203.0.113.9', userAgent: 'jest' };

/** The error `promise` rejects with, as `code` and field codes; fails the test if it resolves. */
async function refusal(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => {
      throw new Error('expected an AppError, but the call succeeded');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw error;
  return [error.code, ...(error.fieldProblems ?? []).map((p) => `${p.field}:${p.code}`)];
}

describe(MfaService.name, () => {
  let db: TestDatabase;
  let moduleRef: TestingModule;
  let sut: MfaService;

  beforeAll(async () => {
    db = await createTestDatabase();
    moduleRef = await createServiceModule(db, { imports: [MfaModule] });
    sut = moduleRef.get(MfaService);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await db?.drop();
  });

  /** A signed-in account's principal and its (temporary) password. */
  async function signedIn(): Promise<{ principal: Principal; password: string }> {
    const { username, password } = await issueAccount(moduleRef.get(AccountsService));
    const [row] = await db.dataSource.query<{ id: string; organization_id: string }[]>(
      'SELECT id, organization_id FROM users WHERE username = $1',
      [username],
    );
    return {
      principal: {
        sessionId: '00000000-0000-4000-8000-000000000000',
        userId: row.id,
        username,
        role: 'user',
        organizationId: row.organization_id,
        expiresOn: null,
        passwordIsTemporary: false,
        mfaPending: false,
      },
      password,
    };
  }

  async function withMfa() {
    const account = await signedIn();
    const { otpauthUri } = await sut.startEnrollment(account.principal);
    const codes = await sut.confirmEnrollment(
      account.principal,
      totp(secretOfUri(otpauthUri)),
      client,
    );
    return { ...account, codes };
  }

  async function events(userId: string, kind: string) {
    return db.dataSource.query<{ detail: Record<string, unknown> }[]>(
      'SELECT detail FROM audit_events WHERE target_user_id = $1 AND kind = $2 ORDER BY id',
      [userId, kind],
    );
  }

  it('turns MFA on with a current code of the pending secret and answers ten recovery codes once', async () => {
    const { principal, codes } = await withMfa();

    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const status = await sut.status(principal);
    expect(status).toEqual({
      enabled: true,
      enabledAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      recoveryCodesRemaining: 10,
    });
    expect(await events(principal.userId, 'mfa.enabled')).toHaveLength(1);
    // Stored as HMACs only.
    const stored = await db.dataSource.query<{ code_hash: Buffer }[]>(
      'SELECT code_hash FROM mfa_recovery_codes WHERE user_id = $1',
      [principal.userId],
    );
    expect(stored.map((r) => r.code_hash.toString('utf8'))).not.toContain(codes[0]);
  });

  it('keeps MFA off on a wrong code, and refuses a second enrolment once it is on', async () => {
    const { principal } = await signedIn();
    await sut.startEnrollment(principal);

    expect(await refusal(sut.confirmEnrollment(principal, '000000', client))).toEqual([
      'VALIDATION_FAILED',
      'code:MFA_CODE_INVALID',
    ]);
    expect((await sut.status(principal)).enabled).toBe(false);

    const on = await withMfa();
    expect(await refusal(sut.startEnrollment(on.principal))).toEqual(['MFA_ALREADY_ENABLED']);
  });

  it('counts a wrong password at disable towards the account lock, records it, and leaves MFA on', async () => {
    const { principal } = await withMfa();

    expect(await refusal(sut.disable(principal, 'Wrong-password-1!', client))).toEqual([
      'VALIDATION_FAILED',
      'currentPassword:CURRENT_PASSWORD_INCORRECT',
    ]);

    expect((await sut.status(principal)).enabled).toBe(true);
    const failed = await events(principal.userId, 'password.confirmation_failed');
    expect(failed.map((e) => e.detail)).toEqual([
      { purpose: 'mfa_disable', reason: 'wrong_password' },
    ]);
    const [throttle] = await db.dataSource.query<{ failures: number }[]>(
      `SELECT failures FROM sign_in_throttles WHERE scope = 'account' AND key = $1`,
      [principal.userId],
    );
    expect(throttle.failures).toBe(1);
  });

  it('turns MFA off with the right password and forgets the recovery codes', async () => {
    const { principal, password } = await withMfa();

    await sut.disable(principal, password, client);

    expect(await sut.status(principal)).toEqual({
      enabled: false,
      enabledAt: null,
      recoveryCodesRemaining: 0,
    });
    const [{ left }] = await db.dataSource.query<{ left: number }[]>(
      'SELECT count(*)::int AS left FROM mfa_recovery_codes WHERE user_id = $1',
      [principal.userId],
    );
    expect(left).toBe(0);
    expect(await refusal(sut.disable(principal, password, client))).toEqual(['MFA_NOT_ENABLED']);
  });

  it('replaces every recovery code with ten new ones after the password', async () => {
    const { principal, password, codes } = await withMfa();

    const fresh = await sut.regenerateRecoveryCodes(principal, password, client);

    expect(fresh).toHaveLength(10);
    expect(fresh.filter((code) => codes.includes(code))).toEqual([]);
    expect((await sut.status(principal)).recoveryCodesRemaining).toBe(10);
  });
});

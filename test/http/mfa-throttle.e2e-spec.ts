import { randomBytes } from 'node:crypto';
import { BruteForceService } from '../../server/brute-force/brute-force.service';
import { BrowserLikeClient } from '../support/browser-like-client';
import { issueAccount, strongPassword } from '../support/factories';
import { createTestApp, type TestApp } from '../support/test-app';
import { secretOfUri, totp } from '../support/totp';

const MFA_KEY = randomBytes(32);
const LOCK_AFTER = 7;

/** The time step `seconds` away from now, for codes inside the accepted drift window. */
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000);

/** A 6-digit code that is none of the codes of the accepted window, the n-th such. */
function wrongCode(secret: Buffer, n = 0): string {
  const valid = [-30, 0, 30, 60].map((s) => totp(secret, inSeconds(s)));
  let found = 0;
  for (let i = 0; ; i++) {
    const candidate = String(i).padStart(6, '0');
    if (!valid.includes(candidate) && found++ === n) return candidate;
  }
}

// Below the session's own limit (5) times two, so the lock needs wrong codes of several sessions.
describe('The MFA code step has its own counter per account', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp({
      MFA_ENCRYPTION_KEY: MFA_KEY.toString('base64'),
      MFA_LOCK_AFTER: String(LOCK_AFTER),
    });
  });

  afterAll(async () => {
    await sut.close();
  });

  const client = () => new BrowserLikeClient(sut.app);

  /** An account past its forced password change, with MFA on (confirmed with the current step). */
  async function mfaAccount() {
    const account = await issueAccount(sut.accounts);
    const browser = client();
    expect((await browser.signIn(account.username, account.password)).status).toBe(200);
    const password = strongPassword();
    const changed = await browser.post('/api/auth/password', {
      currentPassword: account.password,
      newPassword: password,
      newPasswordConfirmation: password,
    });
    expect(changed.status).toBe(200);
    const started = await browser.post('/api/mfa/enrollment');
    const secret = secretOfUri(started.body.otpauthUri);
    const confirmed = await browser.post('/api/mfa/enrollment/confirm', { code: totp(secret) });
    expect(confirmed.status).toBe(200);
    return {
      username: account.username,
      password,
      secret,
      recoveryCodes: confirmed.body.recoveryCodes as string[],
    };
  }

  async function pendingSession(username: string, password: string) {
    const browser = client();
    const res = await browser.signIn(username, password);
    expect(res.status).toBe(200);
    expect(res.body.mfaRequired).toBe(true);
    return browser;
  }

  async function throttle(username: string) {
    const rows: { failures: number; locked_until: Date | null }[] = await sut.db.dataSource.query(
      `SELECT t.failures, t.locked_until FROM sign_in_throttles t JOIN users u ON t.key = u.id::text
        WHERE t.scope = 'mfa' AND u.username = $1`,
      [username],
    );
    return rows[0];
  }

  async function lockEvents(username: string): Promise<number> {
    const rows: { n: number }[] = await sut.db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE kind = 'mfa.locked' AND target_username = $1`,
      [username],
    );
    return rows[0].n;
  }

  /** Wrong codes: `first` from one pending session, the rest from a second one. */
  async function wrongCodesFromTwoSessions(
    account: { username: string; password: string; secret: Buffer },
    first: number,
    total: number,
  ) {
    const a = await pendingSession(account.username, account.password);
    const b = await pendingSession(account.username, account.password);
    const answers = [];
    for (let i = 0; i < total; i++) {
      const browser = i < first ? a : b;
      answers.push(
        await browser.post('/api/auth/mfa/code', { code: wrongCode(account.secret, i) }),
      );
    }
    return answers;
  }

  it('locks the code step after wrong codes from several pending sessions, even for the right code', async () => {
    const account = await mfaAccount();

    const answers = await wrongCodesFromTwoSessions(account, 4, LOCK_AFTER - 1);
    expect(answers.map((r) => r.status)).toEqual(Array(LOCK_AFTER - 1).fill(400));
    expect((await throttle(account.username)).locked_until).toBeNull();
    // A recovery code counts too: a wrong one is the threshold's failure.
    const third = await pendingSession(account.username, account.password);
    const wrongRecovery = await third.post('/api/auth/mfa/recovery-code', {
      recoveryCode: 'AAAAA-AAAAA',
    });
    expect(wrongRecovery.status).toBe(400);

    const row = await throttle(account.username);
    expect(row.failures).toBe(LOCK_AFTER);
    expect(row.locked_until!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    const fresh = await pendingSession(account.username, account.password);
    const right = await fresh.post('/api/auth/mfa/code', {
      code: totp(account.secret, inSeconds(30)),
    });
    expect(right.status).toBe(400);
    expect(right.body).toEqual(answers[0].body);
    const recovery = await fresh.post('/api/auth/mfa/recovery-code', {
      recoveryCode: account.recoveryCodes[0],
    });
    expect(recovery.status).toBe(400);
    expect(recovery.body.errors).toEqual([
      expect.objectContaining({ field: 'recoveryCode', code: 'RECOVERY_CODE_INVALID' }),
    ]);
    expect(await lockEvents(account.username)).toBe(1);
    // Refused while locked, the right code was not used up, nor was the recovery code.
    const [{ remaining }]: { remaining: number }[] = await sut.db.dataSource.query(
      `SELECT count(*)::int AS remaining FROM mfa_recovery_codes r JOIN users u ON u.id = r.user_id
        WHERE u.username = $1 AND r.used_at IS NULL`,
      [account.username],
    );
    expect(remaining).toBe(10);
  });

  it('records the lock as one mfa.locked event by the system, with the count', async () => {
    const account = await mfaAccount();

    await wrongCodesFromTwoSessions(account, 5, LOCK_AFTER + 2);

    const rows: { actor_kind: string; detail: Record<string, unknown> }[] =
      await sut.db.dataSource.query(
        `SELECT actor_kind, detail FROM audit_events WHERE kind = 'mfa.locked' AND target_username = $1`,
        [account.username],
      );
    expect(rows).toEqual([{ actor_kind: 'system', detail: { failures: LOCK_AFTER } }]);
    expect((await throttle(account.username)).failures).toBe(LOCK_AFTER + 2);
  });

  it('is lifted by unlock (as administrators and the CLI use it), after which the right code signs in and the count is gone', async () => {
    const account = await mfaAccount();
    await wrongCodesFromTwoSessions(account, 5, LOCK_AFTER);
    const browser = await pendingSession(account.username, account.password);
    const code = totp(account.secret, inSeconds(30));
    expect((await browser.post('/api/auth/mfa/code', { code })).status).toBe(400);

    const [{ id }]: { id: string }[] = await sut.db.dataSource.query(
      'SELECT id FROM users WHERE username = $1',
      [account.username],
    );
    expect(await sut.app.get(BruteForceService).unlock(id)).toBe(true);

    const res = await browser.post('/api/auth/mfa/code', { code });
    expect(res.status).toBe(200);
    expect(await throttle(account.username)).toBeUndefined();
  });

  it('expires after its time: the right code then signs in and forgets the wrong ones', async () => {
    const account = await mfaAccount();
    await wrongCodesFromTwoSessions(account, 5, LOCK_AFTER);
    const browser = await pendingSession(account.username, account.password);
    const code = totp(account.secret, inSeconds(30));
    expect((await browser.post('/api/auth/mfa/code', { code })).status).toBe(400);

    await sut.db.dataSource.query(
      `UPDATE sign_in_throttles SET locked_until = now() - interval '1 second',
              last_failure_at = now() - interval '16 minutes'
        WHERE scope = 'mfa' AND key = (SELECT id::text FROM users WHERE username = $1)`,
      [account.username],
    );

    const res = await browser.post('/api/auth/mfa/code', { code });
    expect(res.status).toBe(200);
    expect(await throttle(account.username)).toBeUndefined();
  });

  it('forgets wrong codes after a success, so they do not add up to a lock', async () => {
    const account = await mfaAccount();
    await wrongCodesFromTwoSessions(account, 5, LOCK_AFTER - 1);
    const browser = await pendingSession(account.username, account.password);
    const signedIn = await browser.post('/api/auth/mfa/code', {
      code: totp(account.secret, inSeconds(30)),
    });
    expect(signedIn.status).toBe(200);

    const next = await pendingSession(account.username, account.password);
    expect(
      (await next.post('/api/auth/mfa/code', { code: wrongCode(account.secret) })).status,
    ).toBe(400);

    expect(await throttle(account.username)).toEqual({ failures: 1, locked_until: null });
    expect(await lockEvents(account.username)).toBe(0);
  });

  it('counts 20 concurrent wrong codes from four pending sessions, all of them, and reports the lock once', async () => {
    const account = await mfaAccount();
    const sessions = await Promise.all(
      [0, 1, 2, 3].map(() => pendingSession(account.username, account.password)),
    );

    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        sessions[i % 4].post('/api/auth/mfa/code', { code: wrongCode(account.secret, i) }),
      ),
    );

    expect(answers.every((r) => r.status === 400)).toBe(true);
    expect((await throttle(account.username)).failures).toBe(20);
    expect(await lockEvents(account.username)).toBe(1);
  });
});

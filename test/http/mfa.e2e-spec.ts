import { randomBytes } from 'node:crypto';
import { SecretBox } from '../../server/mfa/secret-box';
import type { SecurityEvent } from '../../server/security-events/security-event';
import { AuditLogSink } from '../../server/audit/audit-log.sink';
import { BrowserLikeClient } from '../support/browser-like-client';
import { issueAccount, strongPassword } from '../support/factories';
import { authenticatedRoutes } from '../support/routes';
import { startupRefusal } from '../support/server-process';
import { createTestApp, type TestApp } from '../support/test-app';
import { base32Decode, secretOfUri, totp } from '../support/totp';

const MFA_KEY = randomBytes(32);

/** The time step `seconds` away from now, for codes inside the accepted drift window. */
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000);

/** A 6-digit code that is none of the codes of the accepted window. */
function wrongCode(secret: Buffer): string {
  const valid = [-30, 0, 30, 60].map((s) => totp(secret, inSeconds(s)));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, '0');
    if (!valid.includes(candidate)) return candidate;
  }
}

describe('Multi-factor authentication over HTTP', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp({ MFA_ENCRYPTION_KEY: MFA_KEY.toString('base64') });
  });

  afterAll(async () => {
    await sut.close();
  });

  const client = () => new BrowserLikeClient(sut.app);

  /** An account past its forced password change, signed in. */
  async function activeAccount(options: { keepTemporary?: boolean } = {}) {
    const account = await issueAccount(sut.accounts);
    const browser = client();
    expect((await browser.signIn(account.username, account.password)).status).toBe(200);
    if (options.keepTemporary) return { ...account, browser };
    const password = strongPassword();
    const res = await browser.post('/api/auth/password', {
      currentPassword: account.password,
      newPassword: password,
      newPasswordConfirmation: password,
    });
    expect(res.status).toBe(200);
    return { username: account.username, password, browser };
  }

  /** An account with MFA turned on (with the code of the current step). */
  async function mfaAccount() {
    const account = await activeAccount();
    const started = await account.browser.post('/api/mfa/enrollment');
    expect(started.status).toBe(200);
    const secret = secretOfUri(started.body.otpauthUri);
    const confirmed = await account.browser.post('/api/mfa/enrollment/confirm', {
      code: totp(secret),
    });
    expect(confirmed.status).toBe(200);
    return {
      ...account,
      secret,
      base32: new URL(started.body.otpauthUri).searchParams.get('secret') as string,
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

  async function userId(username: string): Promise<string> {
    const rows: { id: string }[] = await sut.db.dataSource.query(
      'SELECT id FROM users WHERE username = $1',
      [username],
    );
    return rows[0].id;
  }

  describe('enrollment', () => {
    it('offers a QR code, the key in groups of four and the otpauth URI of the product', async () => {
      const { username, browser } = await activeAccount();

      const res = await browser.post('/api/mfa/enrollment');

      expect(res.status).toBe(200);
      expect(res.body.qrCodeDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
      expect(Buffer.from(res.body.qrCodeDataUrl.split(',')[1], 'base64').toString()).toMatch(
        /^<svg/,
      );
      expect(res.body.key).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
      const uri = new URL(res.body.otpauthUri);
      expect(decodeURIComponent(uri.pathname)).toBe(`/Tobira:${username}`);
      expect(uri.searchParams.get('issuer')).toBe('Tobira');
      expect(base32Decode(res.body.key)).toEqual(secretOfUri(res.body.otpauthUri));
      expect(base32Decode(res.body.key)).toHaveLength(20);
      // Pending until confirmed: signing in still needs the password only.
      expect((await browser.get('/api/mfa')).body.enabled).toBe(false);
    });

    it('turns MFA on with a current code and answers ten recovery codes, then shows the state', async () => {
      const { browser, recoveryCodes } = await mfaAccount();

      expect(recoveryCodes).toHaveLength(10);
      expect(new Set(recoveryCodes).size).toBe(10);
      const status = await browser.get('/api/mfa');
      expect(status.body).toEqual({
        enabled: true,
        enabledAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        recoveryCodesRemaining: 10,
      });
    });

    it('refuses to turn MFA on with a wrong code', async () => {
      const { browser } = await activeAccount();
      const started = await browser.post('/api/mfa/enrollment');
      const secret = secretOfUri(started.body.otpauthUri);

      const res = await browser.post('/api/mfa/enrollment/confirm', { code: wrongCode(secret) });

      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ field: 'code', code: 'MFA_CODE_INVALID' }),
      ]);
      expect((await browser.get('/api/mfa')).body.enabled).toBe(false);
    });

    it('keeps no usable secret in the database: neither the key nor anything opened without the MFA key', async () => {
      const { username, secret, base32 } = await mfaAccount();
      const id = await userId(username);

      const rows = await sut.db.dataSource.query(
        'SELECT * FROM mfa_credentials WHERE user_id = $1',
        [id],
      );
      const raw = JSON.stringify(rows);
      const sealed: string = rows[0].secret_sealed;

      expect(base32).toHaveLength(32);
      expect(raw).not.toContain(base32);
      for (const encoding of ['hex', 'base64', 'base64url'] as const) {
        expect(raw).not.toContain(secret.toString(encoding));
      }
      expect(() => new SecretBox(randomBytes(32)).open(sealed, id)).toThrow();
      // It is the secret, sealed: the configured key opens it.
      expect(new SecretBox(MFA_KEY).open(sealed, id).equals(secret)).toBe(true);
    });

    it('keeps recovery codes only as hashes', async () => {
      const { username, recoveryCodes } = await mfaAccount();
      const rows = await sut.db.dataSource.query(
        'SELECT * FROM mfa_recovery_codes WHERE user_id = $1',
        [await userId(username)],
      );
      expect(rows).toHaveLength(10);
      const raw = JSON.stringify(rows);
      for (const code of recoveryCodes) {
        expect(raw).not.toContain(code);
        expect(raw).not.toContain(code.replace(/-/g, ''));
      }
    });
  });

  describe('signing in with MFA on', () => {
    it('answers mfaRequired after the password, then accepts the code and renews the token', async () => {
      const { username, password, secret } = await mfaAccount();
      const browser = await pendingSession(username, password);
      const pendingToken = browser.sessionToken;

      const res = await browser.post('/api/auth/mfa/code', { code: totp(secret, inSeconds(30)) });

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        username,
        mfaRequired: false,
        passwordChangeRequired: false,
      });
      expect(browser.sessionToken).not.toBe(pendingToken);
      expect((await browser.get('/api/mfa')).status).toBe(200);
      const old = await client().get('/api/auth/session', {
        Cookie: `tobira_session=${pendingToken}`,
      });
      expect(old.status).toBe(401);
    });

    it('accepts the same valid code once when it is sent ten times at once, and refuses it later', async () => {
      const { username, password, secret } = await mfaAccount();
      const browsers = await Promise.all(
        Array.from({ length: 10 }, () => pendingSession(username, password)),
      );
      // The enrollment used the current step; the next one is inside the drift window.
      const code = totp(secret, inSeconds(30));
      await Promise.all(browsers.map((b) => b.get('/api/health')));

      const answers = await Promise.all(
        browsers.map((b) => b.post('/api/auth/mfa/code', { code })),
      );

      expect(answers.map((r) => r.status).sort()).toEqual([200, ...Array(9).fill(400)]);
      const later = await pendingSession(username, password);
      const again = await later.post('/api/auth/mfa/code', { code });
      expect(again.status).toBe(400);
      expect(again.body.errors[0].code).toBe('MFA_CODE_INVALID');
    });

    it('refuses every other API call while the code is pending, including the session info', async () => {
      const { username, password } = await mfaAccount();
      const browser = await pendingSession(username, password);
      const allowed = [
        '/api/auth/logout',
        '/api/auth/mfa/code',
        '/api/auth/mfa/recovery-code',
        '/api/auth/mfa/passkey/options',
        '/api/auth/mfa/passkey',
      ];
      const routes = authenticatedRoutes(sut).filter((r) => !allowed.includes(r.path));

      expect(routes.map((r) => r.path)).toEqual(
        expect.arrayContaining(['/api/auth/session', '/api/auth/password', '/api/mfa']),
      );
      for (const route of routes) {
        const res =
          route.method === 'get'
            ? await browser.get(route.path)
            : await browser.post(route.path, {});
        expect({ route, status: res.status, code: res.body.code }).toEqual({
          route,
          status: 403,
          code: 'MFA_REQUIRED',
        });
      }
      // The refusals did not end the pending session: sign-out still works.
      expect((await browser.post('/api/auth/logout')).status).toBe(200);
    });

    it('allows five wrong codes; the sixth ends the pending session', async () => {
      const { username, password, secret } = await mfaAccount();
      const browser = await pendingSession(username, password);
      const pendingToken = browser.sessionToken;
      const wrong = wrongCode(secret);

      for (let i = 1; i <= 5; i++) {
        const res = await browser.post('/api/auth/mfa/code', { code: wrong });
        expect({ attempt: i, status: res.status }).toEqual({ attempt: i, status: 400 });
      }
      const sixth = await browser.post('/api/auth/mfa/code', { code: wrong });

      expect(sixth.status).toBe(401);
      expect(sixth.body.code).toBe('MFA_SESSION_ENDED');
      expect(browser.sessionToken).toBeUndefined();
      const [{ count }] = await sut.db.dataSource.query(
        'SELECT count(*)::int AS count FROM sessions WHERE user_id = $1 AND mfa_pending_until IS NOT NULL',
        [await userId(username)],
      );
      expect(count).toBe(0);
      // Even the right code cannot revive it: the user must start again with the password.
      const revived = client();
      revived.cookies.set('tobira_session', pendingToken!);
      const late = await revived.post('/api/auth/mfa/code', { code: totp(secret, inSeconds(30)) });
      expect(late.body.code).toBe('UNAUTHENTICATED');
      expect(late.status).toBe(401);
    });

    it('ends a pending session after five minutes', async () => {
      const { username, password, secret } = await mfaAccount();
      const browser = await pendingSession(username, password);
      const [{ seconds }] = await sut.db.dataSource.query(
        `SELECT extract(epoch FROM mfa_pending_until - created_at)::int AS seconds
           FROM sessions WHERE user_id = $1 AND mfa_pending_until IS NOT NULL`,
        [await userId(username)],
      );
      expect(seconds).toBe(300);
      await sut.db.dataSource.query(
        `UPDATE sessions SET mfa_pending_until = now() - interval '1 second'
          WHERE user_id = $1 AND mfa_pending_until IS NOT NULL`,
        [await userId(username)],
      );

      const res = await browser.post('/api/auth/mfa/code', { code: totp(secret, inSeconds(30)) });

      expect(res.status).toBe(401);
    });

    it('accepts a recovery code once', async () => {
      const { username, password, recoveryCodes } = await mfaAccount();
      const first = await pendingSession(username, password);

      const used = await first.post('/api/auth/mfa/recovery-code', {
        recoveryCode: recoveryCodes[3].toUpperCase(),
      });
      expect(used.status).toBe(200);
      expect(used.body.mfaRequired).toBe(false);
      expect((await first.get('/api/mfa')).body.recoveryCodesRemaining).toBe(9);

      const second = await pendingSession(username, password);
      const again = await second.post('/api/auth/mfa/recovery-code', {
        recoveryCode: recoveryCodes[3],
      });
      expect(again.status).toBe(400);
      expect(again.body.errors[0]).toMatchObject({
        field: 'recoveryCode',
        code: 'RECOVERY_CODE_INVALID',
      });
    });

    it('asks for the code before the forced change of a temporary password', async () => {
      const account = await activeAccount({ keepTemporary: true });
      const started = await account.browser.post('/api/mfa/enrollment');
      // A temporary password may not set up MFA: the forced change comes first.
      expect(started.status).toBe(403);
      expect(started.body.code).toBe('PASSWORD_CHANGE_REQUIRED');

      // An account that had MFA on and was issued a temporary password again.
      const { username, secret } = await mfaAccount();
      const reissued = await sut.accounts.reissue(await sut.accounts.byUsername(username));
      const browser = await pendingSession(username, reissued.temporaryPassword);

      const change = await browser.post('/api/auth/password', {});
      expect(change.body.code).toBe('MFA_REQUIRED');
      const code = await browser.post('/api/auth/mfa/code', { code: totp(secret, inSeconds(30)) });
      expect(code.status).toBe(200);
      expect(code.body).toMatchObject({ passwordChangeRequired: true, mfaRequired: false });
      const other = await browser.get('/api/mfa');
      expect(other.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    });
  });

  describe('turning off and new recovery codes', () => {
    it('refuses to turn MFA off without the right current password', async () => {
      const { browser, password } = await mfaAccount();

      const wrong = await browser.post('/api/mfa/disable', { currentPassword: `${password}x` });
      const missing = await browser.post('/api/mfa/disable', {});

      expect(wrong.status).toBe(400);
      expect(wrong.body.errors).toEqual([
        expect.objectContaining({ field: 'currentPassword', code: 'CURRENT_PASSWORD_INCORRECT' }),
      ]);
      expect(missing.status).toBe(400);
      expect((await browser.get('/api/mfa')).body.enabled).toBe(true);
    });

    it('turns MFA off with the current password; the password alone signs in again', async () => {
      const { username, browser, password } = await mfaAccount();

      const res = await browser.post('/api/mfa/disable', { currentPassword: password });

      expect(res.status).toBe(200);
      expect(res.body).toEqual({ enabled: false, enabledAt: null, recoveryCodesRemaining: 0 });
      const again = await client().signIn(username, password);
      expect(again.body.mfaRequired).toBe(false);
    });

    it('replaces the recovery codes only with the current password; the old ones stop working', async () => {
      const { username, browser, password, recoveryCodes } = await mfaAccount();

      const refused = await browser.post('/api/mfa/recovery-codes', { currentPassword: 'nope' });
      expect(refused.status).toBe(400);

      const res = await browser.post('/api/mfa/recovery-codes', { currentPassword: password });
      expect(res.status).toBe(200);
      expect(res.body.recoveryCodes).toHaveLength(10);
      const pending = await pendingSession(username, password);
      const old = await pending.post('/api/auth/mfa/recovery-code', {
        recoveryCode: recoveryCodes[0],
      });
      expect(old.status).toBe(400);
      const fresh = await pending.post('/api/auth/mfa/recovery-code', {
        recoveryCode: res.body.recoveryCodes[0],
      });
      expect(fresh.status).toBe(200);
    });
  });

  describe('security events', () => {
    it('records MFA on, code failures, recovery-code use, new codes and off, each with its change', async () => {
      // Whether the event's manager is inside a transaction, seen while the change is running.
      const seen: { event: SecurityEvent; inTransaction: boolean }[] = [];
      const record = jest
        .spyOn(AuditLogSink.prototype, 'record')
        .mockImplementation((event, manager) => {
          seen.push({ event, inTransaction: manager?.queryRunner?.isTransactionActive === true });
          return Promise.resolve();
        });
      try {
        const { username, password, browser, secret, recoveryCodes } = await mfaAccount();
        const pending = await pendingSession(username, password);
        await pending.post('/api/auth/mfa/code', { code: wrongCode(secret) });
        await pending.post('/api/auth/mfa/recovery-code', { recoveryCode: recoveryCodes[0] });
        await browser.post('/api/mfa/recovery-codes', { currentPassword: password });
        await browser.post('/api/mfa/disable', { currentPassword: password });

        const mine = seen.filter(({ event }) => event.target?.username === username);
        const mfaEvents = mine
          .map(({ event, inTransaction }) => ({ kind: event.kind, inTransaction }))
          .filter((e) => e.kind.startsWith('mfa.'));
        expect(mfaEvents).toEqual([
          { kind: 'mfa.enabled', inTransaction: true },
          { kind: 'mfa.code_failed', inTransaction: true },
          { kind: 'mfa.recovery_code_used', inTransaction: true },
          { kind: 'mfa.recovery_codes_regenerated', inTransaction: true },
          { kind: 'mfa.disabled', inTransaction: true },
        ]);
        const failed = mine.find(({ event }) => event.kind === 'mfa.code_failed');
        expect(failed?.event.detail).toEqual({
          factor: 'code',
          reason: 'wrong_code',
          attempts: 1,
          ended: false,
        });
        expect(JSON.stringify(mine)).not.toContain(recoveryCodes[0]);
      } finally {
        record.mockRestore();
      }
    });

    it('records the password step and the code step apart, naming the factor that passed', async () => {
      const { username, password, secret, recoveryCodes } = await mfaAccount();
      const kindsSince = async (id: number) => {
        const rows: { id: string; kind: string; detail: Record<string, unknown> }[] =
          await sut.db.dataSource.query(
            `SELECT id, kind, detail FROM audit_events WHERE target_username = $1 AND id > $2 ORDER BY id`,
            [username, id],
          );
        return rows;
      };
      const last = async () => Number((await kindsSince(0)).at(-1)?.id ?? 0);

      const enabled = await last();
      let mark = enabled;
      const pending = await pendingSession(username, password);
      expect((await kindsSince(mark)).map((r) => [r.kind, r.detail])).toEqual([
        ['sign_in.mfa_pending', {}],
      ]);
      await pending.post('/api/auth/mfa/code', { code: wrongCode(secret) });
      await sut.db.dataSource.query(
        'UPDATE mfa_credentials SET last_used_step = NULL WHERE user_id = (SELECT id FROM users WHERE username = $1)',
        [username],
      );
      expect((await pending.post('/api/auth/mfa/code', { code: totp(secret) })).status).toBe(200);
      expect((await kindsSince(mark)).map((r) => [r.kind, r.detail])).toEqual([
        ['sign_in.mfa_pending', {}],
        ['mfa.code_failed', { factor: 'code', reason: 'wrong_code', attempts: 1, ended: false }],
        ['sign_in.mfa_passed', { factor: 'totp' }],
      ]);

      mark = await last();
      const again = await pendingSession(username, password);
      expect(
        (await again.post('/api/auth/mfa/recovery-code', { recoveryCode: recoveryCodes[1] }))
          .status,
      ).toBe(200);
      expect((await kindsSince(mark)).map((r) => [r.kind, r.detail])).toEqual([
        ['sign_in.mfa_pending', {}],
        ['mfa.recovery_code_used', { remaining: 9 }],
        ['sign_in.mfa_passed', { factor: 'recovery_code', remaining: 9 }],
      ]);
      // Since MFA was turned on, nothing called the password step alone a sign-in.
      const all = await kindsSince(enabled);
      expect(all.filter((r) => r.kind === 'sign_in.succeeded')).toEqual([]);
    });
  });
});

describe('Start-up without the MFA key in production (server/main.ts)', () => {
  jest.setTimeout(120_000);

  /** The server in production, with `env`'s MFA key or none. */
  function start(env: { MFA_ENCRYPTION_KEY?: string }) {
    return startupRefusal(process.env.DATABASE_URL ?? '', {
      NODE_ENV: 'production',
      MFA_ENCRYPTION_KEY: undefined,
      ...env,
    });
  }

  it('exits with status 1 and names MFA_ENCRYPTION_KEY when the key is missing', async () => {
    const run = await start({});
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'configuration: MFA_ENCRYPTION_KEY is required in production (NODE_ENV=production)',
    );
  });

  it('exits with status 1 and names MFA_ENCRYPTION_KEY when the key is malformed', async () => {
    const run = await start({ MFA_ENCRYPTION_KEY: 'too-short' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('configuration: MFA_ENCRYPTION_KEY is not a 32-byte key');
  });
});

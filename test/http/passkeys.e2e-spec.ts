import { randomBytes } from 'node:crypto';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { BrowserLikeClient } from '../support/browser-like-client';
import { issueAccount, strongPassword } from '../support/factories';
import { type Bend, SoftwareAuthenticator } from '../support/software-authenticator';
import { createTestApp, type TestApp } from '../support/test-app';
import { RECORDS_OF_ATTEMPTS, snapshotTables } from '../support/test-database';
import { secretOfUri, totp } from '../support/totp';

const PUBLIC_URL = 'https://portal.example.jp';
const ORIGIN = 'https://portal.example.jp';

/** A refused answer writes nothing but its audit event and the challenge it used up. */
const EXPECTED_WRITES = [...RECORDS_OF_ATTEMPTS, 'passkey_challenges'];

describe('Passkeys over HTTP', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp({
      PUBLIC_URL,
      MFA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      LOGIN_LOCK_AFTER: '3',
      LOGIN_DELAY_AFTER: '3',
      LOGIN_DELAY_BASE_SECONDS: '0',
    });
  });

  afterAll(async () => {
    await sut.close();
  });

  const client = () => new BrowserLikeClient(sut.app);
  const query = <T>(sql: string, params: unknown[] = []): Promise<T[]> =>
    sut.db.dataSource.query(sql, params);

  /** An account past its forced password change, signed in. */
  async function activeAccount(role: 'user' | 'admin' = 'user') {
    const account = await issueAccount(sut.accounts, { role });
    const browser = client();
    expect((await browser.signIn(account.username, account.password)).status).toBe(200);
    const password = strongPassword();
    const res = await browser.post('/api/auth/password', {
      currentPassword: account.password,
      newPassword: password,
      newPasswordConfirmation: password,
    });
    expect(res.status).toBe(200);
    const [{ id }] = await query<{ id: string }>('SELECT id FROM users WHERE username = $1', [
      account.username,
    ]);
    return { id, username: account.username, password, browser };
  }

  async function registrationOptions(
    browser: BrowserLikeClient,
    password: string,
  ): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const res = await browser.post('/api/passkeys/registration/options', {
      currentPassword: password,
    });
    expect(res.status).toBe(200);
    return res.body as PublicKeyCredentialCreationOptionsJSON;
  }

  /** An active account with one passkey of `authenticator`, registered through the API. */
  async function passkeyAccount(authenticator = new SoftwareAuthenticator(ORIGIN)) {
    const account = await activeAccount();
    const options = await registrationOptions(account.browser, account.password);
    const res = await account.browser.post('/api/passkeys/registration', {
      name: 'ノートPC',
      credential: authenticator.create(options),
    });
    expect(res.status).toBe(200);
    return { ...account, authenticator, passkeyId: res.body.id as string };
  }

  async function eventsOf(username: string, kind: string) {
    return query<{ kind: string; detail: Record<string, unknown> }>(
      `SELECT kind, detail FROM audit_events WHERE target_username = $1 AND kind = $2 ORDER BY id`,
      [username, kind],
    );
  }

  function expectRefusal(res: { status: number; body: { errors?: unknown } }, code: string) {
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'credential', code })]);
  }

  describe('registration, list, rename and delete', () => {
    it('registers a named passkey after the password again, lists it and audits it', async () => {
      const { username, passkeyId, browser } = await passkeyAccount();

      const list = await browser.get('/api/passkeys');

      expect(list.status).toBe(200);
      expect(list.body).toEqual([
        {
          id: passkeyId,
          name: 'ノートPC',
          createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          lastUsedAt: null,
          backedUp: true,
        },
      ]);
      const [event] = await eventsOf(username, 'passkey.registered');
      expect(event.detail).toEqual({ passkeyId, name: 'ノートPC', backupEligible: true });
      const [row] = await query<{ sign_count: string; backup_eligible: boolean }>(
        'SELECT sign_count, backup_eligible FROM passkeys WHERE id = $1',
        [passkeyId],
      );
      expect(row).toEqual({ sign_count: '0', backup_eligible: true });
    });

    it('asks for relying party "the host of PUBLIC_URL", user verification, resident keys and no attestation', async () => {
      const { browser, password } = await activeAccount();

      const options = await registrationOptions(browser, password);

      expect(options.rp).toEqual({ id: 'portal.example.jp', name: 'Tobira' });
      expect(options.attestation).toBe('none');
      expect(options.pubKeyCredParams.map((p) => p.alg)).toEqual([-8, -7, -257]);
      expect(options.authenticatorSelection).toEqual(
        expect.objectContaining({ residentKey: 'required', userVerification: 'required' }),
      );
      expect(Buffer.from(options.challenge, 'base64url').length).toBeGreaterThanOrEqual(32);
    });

    it('refuses to start a registration with a wrong password, counted and audited like any confirmation', async () => {
      const { username, browser } = await activeAccount();

      const res = await browser.post('/api/passkeys/registration/options', {
        currentPassword: 'Wrong-password-1',
      });

      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ field: 'currentPassword', code: 'CURRENT_PASSWORD_INCORRECT' }),
      ]);
      const [event] = await eventsOf(username, 'password.confirmation_failed');
      expect(event.detail).toEqual({ purpose: 'passkey_register', reason: 'wrong_password' });
      const [throttle] = await query<{ failures: number }>(
        `SELECT failures FROM sign_in_throttles t JOIN users u ON t.key = u.id::text
          WHERE t.scope = 'account' AND u.username = $1`,
        [username],
      );
      expect(throttle.failures).toBe(1);
    });

    it('renames a passkey (audited) and answers 404 for another account’s', async () => {
      const owner = await passkeyAccount();
      const other = await activeAccount();

      const renamed = await owner.browser.patch(`/api/passkeys/${owner.passkeyId}`, {
        name: '仕事用 iPhone',
      });
      const foreign = await other.browser.patch(`/api/passkeys/${owner.passkeyId}`, {
        name: '乗っ取り',
      });

      expect(renamed.status).toBe(200);
      expect(renamed.body.name).toBe('仕事用 iPhone');
      expect(foreign.status).toBe(404);
      const [event] = await eventsOf(owner.username, 'passkey.renamed');
      expect(event.detail).toEqual({
        passkeyId: owner.passkeyId,
        from: 'ノートPC',
        to: '仕事用 iPhone',
      });
    });

    it('refuses a blank, over-long or control-character name, naming the field', async () => {
      const { browser, passkeyId } = await passkeyAccount();

      for (const name of ['   ', 'x'.repeat(65), 'a\u0007b', 42]) {
        const res = await browser.patch(`/api/passkeys/${passkeyId}`, { name });
        expect(res.status).toBe(400);
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'name' })]);
      }
      expect((await browser.get('/api/passkeys')).body[0].name).toBe('ノートPC');
    });

    it('deletes a passkey only with the password (audited), and not another account’s', async () => {
      const owner = await passkeyAccount();
      const other = await activeAccount();

      const wrong = await owner.browser.post(`/api/passkeys/${owner.passkeyId}/delete`, {
        currentPassword: 'Wrong-password-1',
      });
      const foreign = await other.browser.post(`/api/passkeys/${owner.passkeyId}/delete`, {
        currentPassword: other.password,
      });
      const deleted = await owner.browser.post(`/api/passkeys/${owner.passkeyId}/delete`, {
        currentPassword: owner.password,
      });

      expect(wrong.status).toBe(400);
      expect(foreign.status).toBe(404);
      expect(deleted.status).toBe(200);
      expect(deleted.body).toEqual([]);
      const [event] = await eventsOf(owner.username, 'passkey.deleted');
      expect(event.detail).toEqual({ passkeyId: owner.passkeyId, name: 'ノートPC' });
      const [failure] = await eventsOf(owner.username, 'password.confirmation_failed');
      expect(failure.detail).toEqual({ purpose: 'passkey_delete', reason: 'wrong_password' });
    });

    it('keeps at most 10 passkeys per account, even when registrations race', async () => {
      const { username, browser, password } = await activeAccount();
      // A second session of the account, signed in before any passkey (so without an MFA step).
      const second = client();
      expect((await second.signIn(username, password)).status).toBe(200);
      const authenticator = new SoftwareAuthenticator(ORIGIN);
      for (let i = 0; i < 9; i++) {
        const options = await registrationOptions(browser, password);
        const res = await browser.post('/api/passkeys/registration', {
          name: `key ${i}`,
          credential: authenticator.create(options),
        });
        expect(res.status).toBe(200);
      }
      const [a, b] = [
        await registrationOptions(browser, password),
        await registrationOptions(second, password),
      ];

      const answers = await Promise.all([
        browser.post('/api/passkeys/registration', {
          name: 'a',
          credential: authenticator.create(a),
        }),
        second.post('/api/passkeys/registration', {
          name: 'b',
          credential: authenticator.create(b),
        }),
      ]);

      expect(answers.map((r) => r.status).sort()).toEqual([200, 400]);
      expect(answers.find((r) => r.status === 400)!.body.errors[0].code).toBe('PASSKEY_TOO_MANY');
      expect((await browser.get('/api/passkeys')).body).toHaveLength(10);
      const refused = await browser.post('/api/passkeys/registration/options', {
        currentPassword: password,
      });
      expect(refused.body.errors[0].code).toBe('PASSKEY_TOO_MANY');
    });
  });

  describe('challenges', () => {
    it('takes a registration challenge once: the same answer twice at once registers one passkey', async () => {
      const { browser, password, username } = await activeAccount();
      const options = await registrationOptions(browser, password);
      const answer = new SoftwareAuthenticator(ORIGIN).create(options);

      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          browser.post('/api/passkeys/registration', { name: 'x', credential: answer }),
        ),
      );

      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      for (const refused of results.filter((r) => r.status !== 200)) {
        expectRefusal(refused, 'PASSKEY_CHALLENGE_MISSING');
      }
      expect((await browser.get('/api/passkeys')).body).toHaveLength(1);
      const refusals = await eventsOf(username, 'passkey.refused');
      expect(refusals).toHaveLength(4);
      expect(refusals[0].detail).toEqual({
        ceremony: 'registration',
        reason: 'challenge_missing',
      });
    });

    it('binds a challenge to its session: another session of the same account cannot answer it', async () => {
      const { browser, password, username } = await activeAccount();
      const options = await registrationOptions(browser, password);
      const other = client();
      expect((await other.signIn(username, password)).status).toBe(200);

      const res = await other.post('/api/passkeys/registration', {
        name: 'x',
        credential: new SoftwareAuthenticator(ORIGIN).create(options),
      });

      expectRefusal(res, 'PASSKEY_CHALLENGE_MISSING');
    });

    it('lets a challenge expire after 5 minutes', async () => {
      const { browser, password } = await activeAccount();
      const options = await registrationOptions(browser, password);
      const [row] = await query<{ seconds: number }>(
        `SELECT extract(epoch FROM expires_at - now())::float8 AS seconds FROM passkey_challenges
          WHERE challenge = $1`,
        [options.challenge],
      );
      expect(row.seconds).toBeGreaterThan(240);
      expect(row.seconds).toBeLessThanOrEqual(300);
      await query(
        `UPDATE passkey_challenges SET expires_at = now() - interval '1 second' WHERE challenge = $1`,
        [options.challenge],
      );

      const res = await browser.post('/api/passkeys/registration', {
        name: 'x',
        credential: new SoftwareAuthenticator(ORIGIN).create(options),
      });

      expectRefusal(res, 'PASSKEY_CHALLENGE_EXPIRED');
      expect((await browser.get('/api/passkeys')).body).toEqual([]);
    });
  });

  describe('bad registrations: 400 naming the reason, nothing written, an audit event', () => {
    const cases: [string, Bend, string][] = [
      ['a wrong origin', { origin: 'https://portal.example.jp.evil.test' }, 'PASSKEY_WRONG_ORIGIN'],
      ['a wrong relying party id', { rpId: 'evil.test' }, 'PASSKEY_WRONG_RP_ID'],
      ['another challenge', { challenge: 'c29tZXRoaW5nLWVsc2U' }, 'PASSKEY_CHALLENGE_MISMATCH'],
      ['no user verification', { userVerified: false }, 'PASSKEY_USER_NOT_VERIFIED'],
      ['an assertion instead', { type: 'webauthn.get' }, 'PASSKEY_WRONG_TYPE'],
      ['a key algorithm it does not take', { coseAlg: -36 }, 'PASSKEY_UNSUPPORTED_ALGORITHM'],
      [
        'backed up but not eligible',
        { backupEligible: false, backedUp: true },
        'PASSKEY_BACKUP_STATE_INVALID',
      ],
    ];
    it.each(cases)('refuses %s', async (_, bend, code) => {
      const { browser, password, username } = await activeAccount();
      const options = await registrationOptions(browser, password);
      const before = await snapshotTables(sut.db.dataSource, EXPECTED_WRITES);

      const res = await browser.post('/api/passkeys/registration', {
        name: 'x',
        credential: new SoftwareAuthenticator(ORIGIN).create(options, bend),
      });

      expectRefusal(res, code);
      expect(await snapshotTables(sut.db.dataSource, EXPECTED_WRITES)).toEqual(before);
      const [event] = await eventsOf(username, 'passkey.refused');
      expect(event.detail).toEqual({
        ceremony: 'registration',
        reason: code.replace('PASSKEY_', '').toLowerCase(),
      });
    });

    it('refuses malformed CBOR', async () => {
      const { browser, password, username } = await activeAccount();
      const options = await registrationOptions(browser, password);
      const answer = new SoftwareAuthenticator(ORIGIN).create(options);
      answer.response.attestationObject = Buffer.from([
        0xa3, 0x63, 0x66, 0x6d, 0x74, 0xff, 0x00,
      ]).toString('base64url');

      const res = await browser.post('/api/passkeys/registration', {
        name: 'x',
        credential: answer,
      });

      expectRefusal(res, 'PASSKEY_MALFORMED');
      expect((await eventsOf(username, 'passkey.refused'))[0].detail.reason).toBe('malformed');
    });

    it('refuses oversized parts, wrong types and unknown shapes with the field named, never a 500', async () => {
      const { browser, password } = await activeAccount();
      const options = await registrationOptions(browser, password);
      const answer = new SoftwareAuthenticator(ORIGIN).create(options);
      const bodies: [unknown, string][] = [
        [
          { ...answer, response: { ...answer.response, attestationObject: 'A'.repeat(9000) } },
          'credential.response.attestationObject',
        ],
        [
          { ...answer, response: { ...answer.response, clientDataJSON: 42 } },
          'credential.response.clientDataJSON',
        ],
        [
          { ...answer, response: { ...answer.response, clientDataJSON: 'not base64url!' } },
          'credential.response.clientDataJSON',
        ],
        [{ ...answer, id: 'other', rawId: answer.rawId }, 'credential.rawId'],
        [{ ...answer, type: 'password' }, 'credential.type'],
        [
          { ...answer, response: { ...answer.response, transports: ['carrier-pigeon'] } },
          'credential.response.transports',
        ],
        [{ ...answer, response: 'x' }, 'credential.response'],
        ['x', 'credential'],
      ];
      for (const [credential, field] of bodies) {
        const res = await browser.post('/api/passkeys/registration', { name: 'x', credential });
        expect(res.status).toBe(400);
        expect(res.body.errors).toEqual(
          expect.arrayContaining([expect.objectContaining({ field })]),
        );
      }
      const huge = await browser.post('/api/passkeys/registration', {
        name: 'x',
        credential: {
          ...answer,
          response: { ...answer.response, attestationObject: 'A'.repeat(20_000) },
        },
      });
      expect(huge.status).toBe(413);
      let nested: unknown = {};
      for (let i = 0; i < 40; i++) nested = { a: nested };
      const deep = await browser.post('/api/passkeys/registration', {
        name: 'x',
        credential: { ...answer, clientExtensionResults: nested },
      });
      expect(deep.status).toBe(400);
      expect((await browser.get('/api/passkeys')).body).toEqual([]);
    });
  });

  describe('the second factor at the MFA step', () => {
    async function pending(username: string, password: string) {
      const browser = client();
      const res = await browser.signIn(username, password);
      expect(res.status).toBe(200);
      expect(res.body.mfaRequired).toBe(true);
      return browser;
    }

    async function secondFactorOptions(
      browser: BrowserLikeClient,
    ): Promise<PublicKeyCredentialRequestOptionsJSON> {
      const res = await browser.post('/api/auth/mfa/passkey/options');
      expect(res.status).toBe(200);
      return res.body as PublicKeyCredentialRequestOptionsJSON;
    }

    it('asks an account with a passkey for it, and signs in with it (new token, audited, counter kept)', async () => {
      const { username, password, authenticator, passkeyId } = await passkeyAccount();
      const browser = await pending(username, password);
      const pendingToken = browser.sessionToken;
      expect((await browser.get('/api/passkeys')).status).toBe(403);
      const options = await secondFactorOptions(browser);
      expect(options.userVerification).toBe('required');
      expect(options.allowCredentials).toEqual([
        expect.objectContaining({ id: authenticator.credentials[0].id }),
      ]);

      const res = await browser.post('/api/auth/mfa/passkey', {
        credential: authenticator.get(options),
      });

      expect(res.status).toBe(200);
      expect(res.body.mfaRequired).toBe(false);
      expect(browser.sessionToken).not.toBe(pendingToken);
      expect((await browser.get('/api/passkeys')).body[0].lastUsedAt).not.toBeNull();
      const [passed] = await eventsOf(username, 'sign_in.mfa_passed');
      expect(passed.detail).toEqual({ factor: 'passkey' });
      const [row] = await query<{ sign_count: string }>(
        'SELECT sign_count FROM passkeys WHERE id = $1',
        [passkeyId],
      );
      expect(row.sign_count).toBe('1');
    });

    it('records on each session how it was authenticated: password and passkey, or a passkey alone (OpenID Connect’s amr)', async () => {
      const { id, username, password, authenticator } = await passkeyAccount();
      const signIns = () =>
        query<{ sign_in_method: string; second_factor: string | null }>(
          `SELECT sign_in_method, second_factor FROM sessions
            WHERE user_id = $1 AND mfa_pending_until IS NULL ORDER BY created_at`,
          [id],
        );
      const before = await signIns();
      const twoSteps = await pending(username, password);
      const step = await twoSteps.post('/api/auth/mfa/passkey', {
        credential: authenticator.get(await secondFactorOptions(twoSteps)),
      });
      expect(step.status).toBe(200);
      const alone = client();
      const options = (await alone.post('/api/auth/passkey/options')).body;
      const res = await alone.post('/api/auth/passkey/login', {
        credential: authenticator.get(options as PublicKeyCredentialRequestOptionsJSON),
      });
      expect(res.status).toBe(200);

      expect((await signIns()).slice(before.length)).toEqual([
        { sign_in_method: 'password', second_factor: 'passkey' },
        { sign_in_method: 'passkey', second_factor: null },
      ]);
      expect(before).toEqual([{ sign_in_method: 'password', second_factor: null }]);
    });

    it('keeps TOTP as an alternative for an account with both', async () => {
      const { username, password, browser } = await passkeyAccount();
      const started = await browser.post('/api/mfa/enrollment');
      const secret = secretOfUri(started.body.otpauthUri);
      expect(
        (await browser.post('/api/mfa/enrollment/confirm', { code: totp(secret) })).status,
      ).toBe(200);
      const next = await pending(username, password);
      await secondFactorOptions(next);

      const res = await next.post('/api/auth/mfa/code', {
        code: totp(secret, new Date(Date.now() + 30_000)),
      });

      expect(res.status).toBe(200);
      expect(res.body.mfaRequired).toBe(false);
    });

    const refusals: [string, (ctx: { other: SoftwareAuthenticator }) => Bend, string][] = [
      [
        'a credential of another account',
        ({ other }) => ({ credentialId: other.credentials[0].id }),
        'PASSKEY_UNKNOWN_CREDENTIAL',
      ],
      ['a signature that does not verify', () => ({ wrongKey: true }), 'PASSKEY_SIGNATURE_INVALID'],
      ['a counter that went backwards', () => ({ counter: 0 }), 'PASSKEY_COUNTER_REGRESSED'],
      ['a wrong origin', () => ({ origin: 'http://portal.example.jp' }), 'PASSKEY_WRONG_ORIGIN'],
      ['a wrong relying party id', () => ({ rpId: 'example.jp' }), 'PASSKEY_WRONG_RP_ID'],
      ['no user verification', () => ({ userVerified: false }), 'PASSKEY_USER_NOT_VERIFIED'],
      [
        'a changed backup eligibility',
        () => ({ backupEligible: false, backedUp: false }),
        'PASSKEY_BACKUP_STATE_INVALID',
      ],
    ];
    it.each(refusals)(
      'refuses %s: 400, counted as a wrong code, nothing else written',
      async (_, bendOf, code) => {
        const other = await passkeyAccount();
        const { username, password, authenticator } = await passkeyAccount();
        // One use first, so that the stored counter is above zero.
        const first = await pending(username, password);
        expect(
          (
            await first.post('/api/auth/mfa/passkey', {
              credential: authenticator.get(await secondFactorOptions(first)),
            })
          ).status,
        ).toBe(200);
        const browser = await pending(username, password);
        const options = await secondFactorOptions(browser);
        const before = await snapshotTables(sut.db.dataSource, [...EXPECTED_WRITES, 'sessions']);

        const res = await browser.post('/api/auth/mfa/passkey', {
          credential: authenticator.get(options, bendOf({ other: other.authenticator })),
        });

        expectRefusal(res, code);
        expect(await snapshotTables(sut.db.dataSource, [...EXPECTED_WRITES, 'sessions'])).toEqual(
          before,
        );
        const reason = code.replace('PASSKEY_', '').toLowerCase();
        const [refused] = await eventsOf(username, 'passkey.refused');
        expect(refused.detail).toEqual({ ceremony: 'second_factor', reason });
        const [failed] = await eventsOf(username, 'mfa.code_failed');
        expect(failed.detail).toEqual(
          expect.objectContaining({ factor: 'passkey', reason: 'wrong_code' }),
        );
        // Still pending: the answer to the same challenge again finds none.
        const again = await browser.post('/api/auth/mfa/passkey', {
          credential: authenticator.get(options),
        });
        expectRefusal(again, 'PASSKEY_CHALLENGE_MISSING');
      },
    );

    it('takes a second-factor challenge once, even sent five times at once', async () => {
      const { username, password, authenticator } = await passkeyAccount();
      const browser = await pending(username, password);
      const answer = authenticator.get(await secondFactorOptions(browser));

      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          browser.post('/api/auth/mfa/passkey', { credential: answer }),
        ),
      );

      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      expect((await eventsOf(username, 'sign_in.mfa_passed')).length).toBe(1);
    });

    it('is not offered to a session that is not waiting for its second factor', async () => {
      const { browser } = await passkeyAccount();

      const res = await browser.post('/api/auth/mfa/passkey/options');

      expect(res.status).toBe(409);
    });
  });

  describe('passwordless sign-in', () => {
    async function signInOptions(
      browser: BrowserLikeClient,
    ): Promise<PublicKeyCredentialRequestOptionsJSON> {
      const res = await browser.post('/api/auth/passkey/options');
      expect(res.status).toBe(200);
      return res.body as PublicKeyCredentialRequestOptionsJSON;
    }

    it('signs in with a passkey alone (user verification required, no MFA step), audited', async () => {
      const { username, authenticator, passkeyId } = await passkeyAccount();
      const browser = client();
      const options = await signInOptions(browser);
      expect(options.userVerification).toBe('required');
      expect(options.rpId).toBe('portal.example.jp');
      expect(options.allowCredentials ?? []).toEqual([]);

      const res = await browser.post('/api/auth/passkey/login', {
        credential: authenticator.get(options),
      });

      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        username,
        role: 'user',
        expiresOn: null,
        passwordChangeRequired: false,
        mfaRequired: false,
      });
      expect((await browser.get('/api/passkeys')).status).toBe(200);
      const [event] = await eventsOf(username, 'sign_in.succeeded');
      expect(event).toBeDefined();
      const events = await eventsOf(username, 'sign_in.succeeded');
      expect(events[events.length - 1].detail).toEqual({ method: 'passkey', passkeyId });
    });

    it('binds the challenge to the browser: without its cookie, or replayed, the answer is refused', async () => {
      const { authenticator } = await passkeyAccount();
      const browser = client();
      const answer = authenticator.get(await signInOptions(browser));
      const stranger = client();

      const elsewhere = await stranger.post('/api/auth/passkey/login', { credential: answer });
      const first = await browser.post('/api/auth/passkey/login', { credential: answer });
      browser.cookies.delete('tobira_session');
      const replay = await browser.post('/api/auth/passkey/login', { credential: answer });

      expectRefusal(elsewhere, 'PASSKEY_CHALLENGE_MISSING');
      expect(first.status).toBe(200);
      expectRefusal(replay, 'PASSKEY_CHALLENGE_MISSING');
    });

    it('refuses an unknown credential, a bad signature, a wrong origin or a counter gone back, audited as a failed sign-in', async () => {
      const { username, authenticator } = await passkeyAccount();
      const cases: [Bend, string][] = [
        [{ credentialId: 'AAAAAAAAAAAAAAAAAAAAAA' }, 'PASSKEY_UNKNOWN_CREDENTIAL'],
        [{ wrongKey: true }, 'PASSKEY_SIGNATURE_INVALID'],
        [{ origin: 'https://evil.test' }, 'PASSKEY_WRONG_ORIGIN'],
        [{ counter: 0 }, 'PASSKEY_COUNTER_REGRESSED'],
      ];
      // One use, so the stored counter is 1 and a 0 went backwards.
      const once = client();
      expect(
        (
          await once.post('/api/auth/passkey/login', {
            credential: authenticator.get(await signInOptions(once)),
          })
        ).status,
      ).toBe(200);
      for (const [bend, code] of cases) {
        const browser = client();
        const options = await signInOptions(browser);
        const before = await snapshotTables(sut.db.dataSource, EXPECTED_WRITES);
        const res = await browser.post('/api/auth/passkey/login', {
          credential: authenticator.get(options, bend),
        });
        expectRefusal(res, code);
        expect(await snapshotTables(sut.db.dataSource, EXPECTED_WRITES)).toEqual(before);
        expect(browser.sessionToken).toBeUndefined();
      }
      const failures = await eventsOf(username, 'sign_in.failed');
      expect(failures.map((e) => e.detail)).toEqual(
        expect.arrayContaining([
          { method: 'passkey', reason: 'passkey_signature_invalid' },
          { method: 'passkey', reason: 'passkey_wrong_origin' },
          { method: 'passkey', reason: 'passkey_counter_regressed' },
        ]),
      );
    });

    it('applies every account rule: disabled, expired, contract ended and locked accounts are refused', async () => {
      const { id, username, authenticator } = await passkeyAccount();
      const attempt = async () => {
        const browser = client();
        const res = await browser.post('/api/auth/passkey/login', {
          credential: authenticator.get(await signInOptions(browser)),
        });
        return { res, browser };
      };

      await query('UPDATE users SET disabled = true WHERE id = $1', [id]);
      const disabled = await attempt();
      await query(`UPDATE users SET disabled = false, expires_on = '2020-01-01' WHERE id = $1`, [
        id,
      ]);
      const expired = await attempt();
      await query('UPDATE users SET expires_on = NULL WHERE id = $1', [id]);
      await query(
        `UPDATE organizations SET service_ends_on = '2020-01-01'
          WHERE id = (SELECT organization_id FROM users WHERE id = $1)`,
        [id],
      );
      const contractEnded = await attempt();
      await query(
        `UPDATE organizations SET service_ends_on = NULL
          WHERE id = (SELECT organization_id FROM users WHERE id = $1)`,
        [id],
      );
      const password = client();
      for (let i = 0; i < 3; i++) {
        expect((await password.signIn(username, 'Wrong-password-1')).status).toBe(401);
      }
      const locked = await attempt();

      expect(disabled.res.status).toBe(403);
      expect(disabled.res.body.code).toBe('ACCOUNT_DISABLED');
      expect(expired.res.body.code).toBe('ACCOUNT_EXPIRED');
      expect(contractEnded.res.body.code).toBe('ACCOUNT_EXPIRED');
      expect(locked.res.status).toBe(403);
      expect(locked.res.body.code).toBe('ACCOUNT_LOCKED');
      for (const { browser } of [disabled, expired, contractEnded, locked]) {
        expect(browser.sessionToken).toBeUndefined();
      }
      const reasons = (await eventsOf(username, 'sign_in.failed')).map((e) => e.detail.reason);
      expect(reasons).toEqual(expect.arrayContaining(['disabled', 'expired', 'locked']));
    });

    it('still leads to the forced password change after an administrator’s reissue', async () => {
      const { id, authenticator } = await passkeyAccount();
      await query(
        `UPDATE users SET password_is_temporary = true,
                temporary_password_expires_at = now() + interval '1 day' WHERE id = $1`,
        [id],
      );
      const browser = client();

      const res = await browser.post('/api/auth/passkey/login', {
        credential: authenticator.get(await signInOptions(browser)),
      });

      expect(res.status).toBe(200);
      expect(res.body.passwordChangeRequired).toBe(true);
      expect((await browser.get('/api/passkeys')).status).toBe(403);

      await query(
        `UPDATE users SET temporary_password_expires_at = now() - interval '1 second' WHERE id = $1`,
        [id],
      );
      const late = client();
      const refused = await late.post('/api/auth/passkey/login', {
        credential: authenticator.get(await signInOptions(late)),
      });
      expect(refused.body.code).toBe('TEMPORARY_PASSWORD_EXPIRED');
    });
  });
  describe('administration', () => {
    it('shows each account’s passkeys in the list, and 「多要素認証をリセット」 removes them', async () => {
      const admin = await activeAccount('admin');
      const { id, username, authenticator } = await passkeyAccount();
      const listed = async () =>
        (await admin.browser.get(`/api/admin/accounts?q=${username}`)).body.items[0] as {
          passkeyCount: number;
          mfaEnabled: boolean;
        };
      expect(await listed()).toEqual(
        expect.objectContaining({ passkeyCount: 1, mfaEnabled: true }),
      );

      const reset = await admin.browser.post(`/api/admin/accounts/${id}/reset-mfa`, {});

      expect(reset.status).toBe(200);
      expect(reset.body).toEqual(expect.objectContaining({ passkeyCount: 0, mfaEnabled: false }));
      expect(await listed()).toEqual(expect.objectContaining({ passkeyCount: 0 }));
      expect(await query('SELECT 1 FROM passkeys WHERE user_id = $1', [id])).toEqual([]);
      const browser = client();
      const options = (await browser.post('/api/auth/passkey/options'))
        .body as PublicKeyCredentialRequestOptionsJSON;
      const res = await browser.post('/api/auth/passkey/login', {
        credential: authenticator.get(options),
      });
      expectRefusal(res, 'PASSKEY_UNKNOWN_CREDENTIAL');
    });
  });
});

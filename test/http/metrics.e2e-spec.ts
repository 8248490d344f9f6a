import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { App } from 'supertest/types';
import { MetricsServer } from '../../server/metrics/metrics-server';
import { SIGN_IN_OUTCOMES } from '../../server/metrics/metrics.service';
import { HashingGate } from '../../server/password-hashing/hashing-gate';
import { BrowserLikeClient } from '../support/browser-like-client';
import { issueAccount, strongPassword } from '../support/factories';
import { deltas, scrape, type Samples } from '../support/metrics-scrape';
import { createTestApp, type TestApp } from '../support/test-app';
import { secretOfUri, totp } from '../support/totp';

const signIns = (outcome: string) => `tobira_sign_ins_total{outcome="${outcome}"}`;
const ALL_OUTCOMES = SIGN_IN_OUTCOMES.map(signIns);

// One address per sign-in unless a test means otherwise, so that the address window of one does
// not decide another's outcome.
let addressCounter = 0;
const nextAddress = () => `10.21.${Math.floor(++addressCounter / 250)}.${addressCounter % 250}`;

describe('GET /metrics (Prometheus, on METRICS_PORT)', () => {
  let sut: TestApp;
  let metricsUrl: string;

  beforeAll(async () => {
    sut = await createTestApp({
      MFA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      METRICS_PORT: '0',
      TRUST_PROXY: 'loopback',
      LOGIN_ADDRESS_LIMIT: '3',
      LOGIN_DELAY_AFTER: '2',
      LOGIN_DELAY_BASE_SECONDS: '600',
      LOGIN_LOCK_AFTER: '4',
      HASH_CONCURRENCY: '1',
      HASH_QUEUE_LIMIT: '1',
      HASH_QUEUE_WAIT_MS: '60000',
    });
    const address = sut.app.get(MetricsServer).address();
    expect(address).toEqual({ host: '127.0.0.1', port: expect.any(Number) as number });
    metricsUrl = `http://127.0.0.1:${address!.port}/metrics`;
  });

  afterAll(async () => {
    await sut.close();
  });

  const server = () => sut.app.getHttpServer() as App;

  async function signIn(username: string, password: string, address = nextAddress()) {
    const browser = new BrowserLikeClient(sut.app);
    const res = await browser.post(
      '/api/auth/login',
      { username, password },
      { headers: { 'X-Forwarded-For': address } },
    );
    return { browser, res };
  }

  /** Every sign-in outcome's move, with `expected` for the ones that should have moved. */
  function outcomesMoved(before: Samples, after: Samples, expected: Record<string, number>) {
    const moved = deltas(before, after, ALL_OUTCOMES);
    const want = Object.fromEntries(ALL_OUTCOMES.map((key) => [key, 0]));
    for (const [outcome, count] of Object.entries(expected)) want[signIns(outcome)] = count;
    expect(moved).toEqual(want);
  }

  it('is served on its own listener on the loopback interface, never on the application port', async () => {
    expect((await request(server()).get('/metrics')).status).toBe(404);
    expect((await request(server()).get('/api/metrics')).status).toBe(404);
    const other = await fetch(metricsUrl.replace('/metrics', '/api/health'));
    expect(other.status).toBe(404);
    const res = await fetch(metricsUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    // Node's default process metrics, and ours.
    for (const name of [
      'process_cpu_user_seconds_total',
      'nodejs_eventloop_lag_seconds',
      'tobira_sign_ins_total',
      'tobira_hashing_in_flight',
      'tobira_db_pool_connections',
      'tobira_http_request_duration_seconds',
    ]) {
      expect(text).toContain(`\n${name}`);
    }
  });

  it('counts a success, a wrong password and an unknown username exactly', async () => {
    const account = await issueAccount(sut.accounts);
    const before = await scrape(metricsUrl);
    expect((await signIn(account.username, account.password)).res.status).toBe(200);
    expect((await signIn(account.username, 'Wrong-password-1')).res.status).toBe(401);
    expect(
      (await signIn(`nobody-${randomBytes(4).toString('hex')}`, 'Whatever-1!')).res.status,
    ).toBe(401);
    const after = await scrape(metricsUrl);
    outcomesMoved(before, after, { success: 1, wrong_password: 1, unknown_username: 1 });
    // The three went through POST /api/auth/login: one 200 and two 401 in the histogram.
    const login = (status: number) =>
      `tobira_http_request_duration_seconds_count{method="POST",route="/api/auth/login",status="${status}"}`;
    expect(deltas(before, after, [login(200), login(401)])).toEqual({
      [login(200)]: 1,
      [login(401)]: 2,
    });
  });

  it('counts attempts refused while the account waits, then while it is locked', async () => {
    const account = await issueAccount(sut.accounts);
    const before = await scrape(metricsUrl);
    // LOGIN_DELAY_AFTER=2: two wrong passwords, then the next attempt must wait 10 minutes and is
    // refused (delayed, the 3rd failure); LOGIN_LOCK_AFTER=4: the 4th refusal is the failure that
    // locks, and the 5th and 6th (the right password) are refused as locked too.
    for (let i = 0; i < 6; i++) {
      const password = i < 5 ? 'Wrong-password-1' : account.password;
      expect((await signIn(account.username, password)).res.status).toBe(401);
    }
    const after = await scrape(metricsUrl);
    const reasons: { reason: string; n: number }[] = await sut.db.dataSource.query(
      `SELECT detail->>'reason' AS reason, count(*)::int AS n FROM audit_events
        WHERE kind = 'sign_in.failed' AND target_username = $1 GROUP BY 1 ORDER BY 1`,
      [account.username],
    );
    // The audit log and the metrics tell the same story.
    expect(reasons).toEqual([
      { reason: 'delayed', n: 1 },
      { reason: 'locked', n: 3 },
      { reason: 'wrong_password', n: 2 },
    ]);
    outcomesMoved(before, after, { wrong_password: 2, delayed: 1, locked: 3 });
  });

  it('counts refusals of a disabled account, an expired one and a flooding address', async () => {
    const disabled = await issueAccount(sut.accounts);
    const expired = await issueAccount(sut.accounts, { expiresOn: '2001-01-01' });
    await sut.db.dataSource.query('UPDATE users SET disabled = true WHERE username = $1', [
      disabled.username,
    ]);
    const before = await scrape(metricsUrl);
    expect((await signIn(disabled.username, disabled.password)).res.status).toBe(403);
    expect((await signIn(expired.username, expired.password)).res.status).toBe(403);
    // LOGIN_ADDRESS_LIMIT=3: three failures from one address, then 429 for the fourth.
    const flooding = nextAddress();
    for (let i = 0; i < 3; i++) {
      expect(
        (await signIn(`ghost-${i}-${randomBytes(3).toString('hex')}`, 'Nope-123', flooding)).res
          .status,
      ).toBe(401);
    }
    expect((await signIn('ghost-last', 'Nope-123', flooding)).res.status).toBe(429);
    const after = await scrape(metricsUrl);
    outcomesMoved(before, after, {
      disabled: 1,
      expired: 1,
      unknown_username: 3,
      address_limited: 1,
    });
  });

  it('counts the MFA steps: pending after the password, passed and failed at the code', async () => {
    // An account with MFA on, past its forced password change.
    const account = await issueAccount(sut.accounts);
    const { browser } = await signIn(account.username, account.password);
    const password = strongPassword();
    const beforeChange = await scrape(metricsUrl);
    const changed = await browser.post('/api/auth/password', {
      currentPassword: account.password,
      newPassword: password,
      newPasswordConfirmation: password,
    });
    expect(changed.status).toBe(200);
    const afterChange = await scrape(metricsUrl);
    expect(
      deltas(beforeChange, afterChange, [
        'tobira_password_changes_total{temporary="true"}',
        'tobira_password_changes_total{temporary="false"}',
      ]),
    ).toEqual({
      'tobira_password_changes_total{temporary="true"}': 1,
      'tobira_password_changes_total{temporary="false"}': 0,
    });
    const started = await browser.post('/api/mfa/enrollment');
    const secret = secretOfUri(started.body.otpauthUri);
    expect((await browser.post('/api/mfa/enrollment/confirm', { code: totp(secret) })).status).toBe(
      200,
    );

    const before = await scrape(metricsUrl);
    const first = await signIn(account.username, password);
    expect(first.res.body.mfaRequired).toBe(true);
    const wrong = totp(secret) === '000000' ? '000001' : '000000';
    const refused = await first.browser.post('/api/auth/mfa/code', { code: wrong });
    expect(refused.status).toBe(400);
    const second = await signIn(account.username, password);
    expect(second.res.body.mfaRequired).toBe(true);
    // The enrollment used this step's code; the next step's is inside the accepted drift.
    const passed = await second.browser.post('/api/auth/mfa/code', {
      code: totp(secret, new Date(Date.now() + 30_000)),
    });
    expect(passed.status).toBe(200);
    const after = await scrape(metricsUrl);
    outcomesMoved(before, after, { mfa_pending: 2, mfa_failed: 1, mfa_passed: 1 });
  });

  it('counts session checks, valid and refused, and no check on public routes', async () => {
    const account = await issueAccount(sut.accounts);
    const { browser } = await signIn(account.username, account.password);
    const keys = [
      'tobira_session_checks_total{result="valid"}',
      'tobira_session_checks_total{result="refused"}',
    ];
    const before = await scrape(metricsUrl);
    for (let i = 0; i < 3; i++) expect((await browser.get('/api/auth/session')).status).toBe(200);
    expect((await request(server()).get('/api/auth/session')).status).toBe(401);
    expect(
      (await request(server()).get('/api/auth/session').set('Cookie', 'tobira_session=forged'))
        .status,
    ).toBe(401);
    expect((await request(server()).get('/api/health/live')).status).toBe(200);
    const after = await scrape(metricsUrl);
    expect(deltas(before, after, keys)).toEqual({ [keys[0]]: 3, [keys[1]]: 2 });
  });

  it('shows the hashing gate: in flight, waiting, and each refusal answered 503', async () => {
    const account = await issueAccount(sut.accounts);
    const gate = sut.app.get(HashingGate);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // HASH_CONCURRENCY=1, HASH_QUEUE_LIMIT=1: one hash running, one waiting, and the gate is full.
    const running = gate.run(() => held);
    const waiting = gate.run(() => Promise.resolve());
    try {
      const before = await scrape(metricsUrl);
      expect(before.get('tobira_hashing_in_flight')).toBe(1);
      expect(before.get('tobira_hashing_waiting')).toBe(1);
      const busy = await signIn(account.username, account.password);
      expect(busy.res.status).toBe(503);
      expect(busy.res.body.code).toBe('SERVER_BUSY');
      const after = await scrape(metricsUrl);
      expect(deltas(before, after, ['tobira_hashing_refused_total'])).toEqual({
        tobira_hashing_refused_total: 1,
      });
      // Not checked, so no sign-in outcome.
      outcomesMoved(before, after, {});
    } finally {
      release();
      await Promise.all([running, waiting]);
    }
    const idle = await scrape(metricsUrl);
    expect([idle.get('tobira_hashing_in_flight'), idle.get('tobira_hashing_waiting')]).toEqual([
      0, 0,
    ]);
  });

  it("shows the database pool, and labels requests by route pattern, never by the client's path", async () => {
    const samples = await scrape(metricsUrl);
    const total = samples.get('tobira_db_pool_connections{state="total"}')!;
    const idle = samples.get('tobira_db_pool_connections{state="idle"}')!;
    expect(total).toBeGreaterThanOrEqual(1);
    expect(total).toBeLessThanOrEqual(4); // the test app's DB_POOL_SIZE
    expect(idle).toBeLessThanOrEqual(total);
    expect(samples.get('tobira_db_pool_waiting')).toBe(0);

    const before = await scrape(metricsUrl);
    for (let i = 0; i < 5; i++) {
      await request(server()).get(`/api/no-such-${randomBytes(4).toString('hex')}`);
    }
    // Past the CSRF check, refused by the session guard: the route had matched.
    const ended = await new BrowserLikeClient(sut.app).post(
      `/api/sessions/${randomBytes(8).toString('hex')}/end`,
    );
    expect(ended.status).toBe(401);
    const after = await scrape(metricsUrl);
    const unmatched =
      'tobira_http_request_duration_seconds_count{method="GET",route="(unmatched)",status="404"}';
    expect(deltas(before, after, [unmatched])).toEqual({ [unmatched]: 5 });
    const labels = [...after.keys()].filter((key) => key.includes('route="'));
    expect(labels.filter((key) => key.includes('no-such-'))).toEqual([]);
    expect(labels.some((key) => key.includes('route="/api/sessions/:id/end"'))).toBe(true);
  });
  it('counts the OpenID Connect routes too, labelled by their pattern', async () => {
    const route = (path: string, status: number, method = 'GET') =>
      `tobira_http_request_duration_seconds_count{method="${method}",route="${path}",status="${status}"}`;
    const discovery = route('/.well-known/openid-configuration', 200);
    const token = route('/oidc/token', 401, 'POST');
    const resume = route('/oidc/auth/:uid', 400);
    const before = await scrape(metricsUrl);

    expect((await request(server()).get('/.well-known/openid-configuration')).status).toBe(200);
    const refused = await request(server())
      .post('/oidc/token')
      .auth('no-such-client', 'secret')
      .type('form')
      .send({
        grant_type: 'authorization_code',
        code: 'nope',
        redirect_uri: 'https://rp.example/cb',
      });
    expect(refused.status).toBe(401);
    const uid = randomBytes(8).toString('hex');
    expect((await request(server()).get(`/oidc/auth/${uid}`)).status).toBe(400);

    const after = await scrape(metricsUrl);
    expect(deltas(before, after, [discovery, token, resume])).toEqual({
      [discovery]: 1,
      [token]: 1,
      [resume]: 1,
    });
    expect([...after.keys()].filter((key) => key.includes(uid))).toEqual([]);
  });
});

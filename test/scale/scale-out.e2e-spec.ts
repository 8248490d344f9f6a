import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The same list the build was compiled from, so the count follows every migration added later.
import { MIGRATIONS } from '../../server/database/data-source-options';
import {
  emptyDatabase,
  type Instance,
  issueAccount,
  PORT,
  startInstance,
  startNginx,
  withClient,
} from './instances';

const XSRF = 'scale-test-xsrf-token-0123456789abcdef0123';
// Four wrong passwords lock an account. Two through each instance lock it only if they count together.
// A burst waits for its hashes instead of being shed with 503, so that every attempt is decided.
const LOCKOUT = { LOGIN_DELAY_AFTER: '4', LOGIN_LOCK_AFTER: '4', HASH_QUEUE_WAIT_MS: '60000' };

/** Two instances of the built server on one PostgreSQL, behind Debian's nginx. */
describe('Scale-out: two instances behind nginx', () => {
  let database: { url: string; drop(): Promise<void> };
  let a: Instance;
  let b: Instance;
  let lb: Instance;
  const dataDir = mkdtempSync(join(tmpdir(), 'tobira-scale-data-'));

  beforeAll(async () => {
    database = await emptyDatabase(`tobira_scale_${PORT}`);
    // Both at once against the empty database: each runs the migrations at start.
    const [startedA, startedB] = [
      startInstance('instance A', database.url, PORT, dataDir, LOCKOUT),
      startInstance('instance B', database.url, PORT + 1, dataDir, LOCKOUT),
    ];
    [a, b] = [startedA.instance, startedB.instance];
    await Promise.all([startedA.ready, startedB.ready]);
    const nginx = startNginx(PORT + 2, [PORT, PORT + 1]);
    lb = nginx.instance;
    await nginx.ready;
  });

  afterAll(async () => {
    await Promise.all([lb, a, b].filter(Boolean).map((i) => i.stop()));
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function signIn(base: string, username: string, password: string) {
    return fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: `XSRF-TOKEN=${XSRF}`,
        'x-xsrf-token': XSRF,
      },
      body: JSON.stringify({ username, password }),
    });
  }

  function sessionCookie(res: Response): string {
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('tobira_session='));
    if (!cookie) throw new Error(`no session cookie (status ${res.status})`);
    return cookie.split(';')[0];
  }

  function getSession(base: string, cookie: string) {
    return fetch(`${base}/api/auth/session`, { headers: { cookie } });
  }

  it('ran the migrations exactly once when both instances started at once on an empty database', async () => {
    const rows = await withClient(database.url, async (c) => {
      const result = await c.query<{ name: string }>('SELECT name FROM migrations');
      return result.rows.map((r) => r.name);
    });
    expect(rows).toHaveLength(MIGRATIONS.length);
    expect(new Set(rows).size).toBe(MIGRATIONS.length);
    for (const instance of [a, b]) {
      const res = await fetch(`${instance.base}/api/health`);
      expect(await res.json()).toEqual({ status: 'ok', database: 'up' });
    }
  });

  it('spreads requests over both instances', async () => {
    const upstreams = new Set<string>();
    for (let i = 0; i < 6; i += 1) {
      const res = await fetch(`${lb.base}/api/health`);
      expect(res.status).toBe(200);
      upstreams.add(res.headers.get('x-upstream') ?? '');
    }
    expect([...upstreams].sort()).toEqual([`127.0.0.1:${PORT}`, `127.0.0.1:${PORT + 1}`]);
  });

  it('keeps a session made through one instance working on the other, and through nginx', async () => {
    const account = issueAccount(database.url, `scale-${Date.now()}`);
    const res = await signIn(a.base, account.username, account.temporaryPassword);
    expect(res.status).toBe(200);
    const cookie = sessionCookie(res);

    const onB = await getSession(b.base, cookie);
    expect(onB.status).toBe(200);
    expect(await onB.json()).toMatchObject({ username: account.username });
    for (let i = 0; i < 4; i += 1) {
      expect((await getSession(lb.base, cookie)).status).toBe(200);
    }
  });

  it('ends the session on both instances when it is signed out through one', async () => {
    const account = issueAccount(database.url, `scale-out-${Date.now()}`);
    const cookie = sessionCookie(
      await signIn(lb.base, account.username, account.temporaryPassword),
    );
    expect((await getSession(a.base, cookie)).status).toBe(200);
    expect((await getSession(b.base, cookie)).status).toBe(200);

    const out = await fetch(`${b.base}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie: `${cookie}; XSRF-TOKEN=${XSRF}`, 'x-xsrf-token': XSRF },
    });
    expect(out.status).toBe(200);

    expect((await getSession(a.base, cookie)).status).toBe(401);
    expect((await getSession(b.base, cookie)).status).toBe(401);
    for (let i = 0; i < 4; i += 1) {
      expect((await getSession(lb.base, cookie)).status).toBe(401);
    }
  });

  it('shares the sign-in failure counters: failures through both instances lock the account on both', async () => {
    const account = issueAccount(database.url, `scale-lock-${Date.now()}`);
    for (const instance of [a, b, a, b]) {
      const wrong = await signIn(instance.base, account.username, 'Not-the-password-1');
      expect(wrong.status).toBe(401);
    }

    const failures = await withClient(database.url, async (c) => {
      const result = await c.query<{ failures: number }>(
        `SELECT t.failures FROM sign_in_throttles t JOIN users u ON t.key = u.id::text
          WHERE t.scope = 'account' AND u.username = $1`,
        [account.username],
      );
      return result.rows[0]?.failures;
    });
    expect(failures).toBe(4);
    // Each instance saw two failures only; the right password is refused on both all the same.
    for (const instance of [a, b]) {
      const right = await signIn(instance.base, account.username, account.temporaryPassword);
      expect(right.status).toBe(401);
      expect(await right.json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    }
  });

  async function auditCount(kind: string, username: string, reason: string): Promise<number> {
    return withClient(database.url, async (c) => {
      const result = await c.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_events
          WHERE kind = $1 AND target_username = $2 AND detail->>'reason' = $3`,
        [kind, username, reason],
      );
      return result.rows[0].n;
    });
  }

  it('checks exactly the threshold of 50 wrong passwords sent at once through both instances', async () => {
    const account = issueAccount(database.url, `scale-burst-${Date.now()}`);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        signIn([a, b][i % 2].base, account.username, `Wrong-password-${i}`),
      ),
    );

    expect(answers.map((r) => r.status)).toEqual(Array(50).fill(401));
    expect(await auditCount('sign_in.failed', account.username, 'wrong_password')).toBe(4);
    for (const instance of [a, b]) {
      const right = await signIn(instance.base, account.username, account.temporaryPassword);
      expect(right.status).toBe(401);
    }
  });

  it('checks exactly the threshold of 50 wrong confirmations sent at once through both instances', async () => {
    const account = issueAccount(database.url, `scale-confirm-${Date.now()}`);
    const cookie = sessionCookie(await signIn(a.base, account.username, account.temporaryPassword));
    const changed = await fetch(`${a.base}/api/auth/password`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: `${cookie}; XSRF-TOKEN=${XSRF}`,
        'x-xsrf-token': XSRF,
      },
      body: JSON.stringify({
        currentPassword: account.temporaryPassword,
        newPassword: 'Scale-Confirm-2026!',
        newPasswordConfirmation: 'Scale-Confirm-2026!',
      }),
    });
    expect(changed.status).toBe(200);
    const renewed = changed.headers.getSetCookie().find((c) => c.startsWith('tobira_session='))!;
    const session = renewed.split(';')[0];
    const endOthers = (base: string, currentPassword: string) =>
      fetch(`${base}/api/sessions/end-others`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: `${session}; XSRF-TOKEN=${XSRF}`,
          'x-xsrf-token': XSRF,
        },
        body: JSON.stringify({ currentPassword }),
      });

    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => endOthers([a, b][i % 2].base, `Wrong-${i}-A`)),
    );

    expect(answers.map((r) => r.status)).toEqual(Array(50).fill(400));
    expect(
      await auditCount('password.confirmation_failed', account.username, 'wrong_password'),
    ).toBe(4);
    expect((await endOthers(b.base, 'Scale-Confirm-2026!')).status).toBe(400);
  });
});

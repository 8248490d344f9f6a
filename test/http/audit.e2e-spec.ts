import { AuditService } from '../../server/audit/audit.service';
import { BrowserLikeClient } from '../support/browser-like-client';
import { issueAccount, strongPassword, uniqueUsername } from '../support/factories';
import { createTestApp, type TestApp } from '../support/test-app';

interface AuditRow {
  kind: string;
  actor_kind: string;
  actor_user_id: string | null;
  actor_username: string | null;
  target_user_id: string | null;
  target_username: string | null;
  ip_address: string | null;
  user_agent: string | null;
  detail: Record<string, unknown>;
}

describe('Audit log', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp();
  });

  afterAll(async () => {
    await sut.close();
  });

  const rowsFor = (username: string): Promise<AuditRow[]> =>
    sut.db.dataSource.query(
      `SELECT * FROM audit_events WHERE lower(target_username) = lower($1) ORDER BY id`,
      [username],
    );
  const userId = async (username: string): Promise<string> => {
    const rows: { id: string }[] = await sut.db.dataSource.query(
      'SELECT id FROM users WHERE username = $1',
      [username],
    );
    return rows[0].id;
  };

  it('records each event of the journey exactly once, with actor, target, address and user agent', async () => {
    const account = await issueAccount(sut.accounts);
    const id = await userId(account.username);
    const browser = new BrowserLikeClient(sut.app);
    const ua = { 'User-Agent': 'AuditTest/1.0' };
    await browser.post(
      '/api/auth/login',
      { username: account.username, password: 'Wrong-123456' },
      { headers: ua },
    );
    await browser.post(
      '/api/auth/login',
      { username: account.username, password: account.password },
      { headers: ua },
    );
    const password = strongPassword();
    await browser.post(
      '/api/auth/password',
      {
        currentPassword: account.password,
        newPassword: password,
        newPasswordConfirmation: password,
      },
      { headers: ua },
    );
    await browser.post('/api/auth/logout', {}, { headers: ua });
    await sut.accounts.reissue(await sut.accounts.byUsername(account.username));

    const rows = await rowsFor(account.username);

    expect(rows.map((r) => r.kind)).toEqual([
      'account.created',
      'sign_in.failed',
      'sign_in.succeeded',
      'password.changed',
      'sign_out',
      'account.temporary_password_reissued',
    ]);
    for (const row of rows) expect(row.target_user_id).toBe(id);
    const [created, failed, succeeded, changed, signedOut, reissued] = rows;
    expect(created.actor_kind).toBe('operator');
    expect(reissued.actor_kind).toBe('operator');
    expect(failed.detail).toEqual({ reason: 'wrong_password' });
    for (const row of [failed, succeeded, changed, signedOut]) {
      expect(row).toMatchObject({
        actor_kind: 'user',
        actor_user_id: id,
        user_agent: 'AuditTest/1.0',
      });
      expect(row.ip_address).toMatch(/127\.0\.0\.1/);
    }
    expect(changed.detail).toEqual({ wasTemporary: true });
  });

  it('records a failed sign-in for an unknown username without an account id', async () => {
    const ghost = uniqueUsername('ghost');
    await new BrowserLikeClient(sut.app).signIn(ghost, 'Whatever-123');
    const rows = await rowsFor(ghost);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: 'sign_in.failed',
      target_user_id: null,
      detail: { reason: 'unknown_username' },
    });
  });

  it('writes no event for a change that was refused', async () => {
    const account = await issueAccount(sut.accounts);
    const browser = new BrowserLikeClient(sut.app);
    await browser.signIn(account.username, account.password);
    await browser.post('/api/auth/password', {
      currentPassword: 'not-it',
      newPassword: 'short',
      newPasswordConfirmation: 'short',
    });
    expect((await rowsFor(account.username)).map((r) => r.kind)).not.toContain('password.changed');
  });

  it.each([
    ['UPDATE', `UPDATE audit_events SET kind = 'tampered'`],
    ['DELETE', `DELETE FROM audit_events`],
    ['TRUNCATE', `TRUNCATE audit_events`],
  ])('refuses %s by the application’s own database role', async (_op, sql) => {
    await issueAccount(sut.accounts);
    const before: { n: string }[] = await sut.db.dataSource.query(
      'SELECT count(*) AS n FROM audit_events',
    );
    await expect(sut.db.dataSource.query(sql)).rejects.toThrow(/append-only/);
    const after: { n: string }[] = await sut.db.dataSource.query(
      'SELECT count(*) AS n FROM audit_events',
    );
    expect(after[0].n).toBe(before[0].n);
    expect(Number(after[0].n)).toBeGreaterThan(0);
  });

  it('lets the retention job remove only events older than the retention period', async () => {
    await sut.db.dataSource.query(
      `INSERT INTO audit_events (occurred_at, kind, actor_kind) VALUES (now() - interval '500 days', 'sign_out', 'user')`,
    );
    const recent: { n: string }[] = await sut.db.dataSource.query(
      `SELECT count(*) AS n FROM audit_events WHERE occurred_at > now() - interval '1 day'`,
    );

    const removed = await sut.app.get(AuditService).purgeExpired();

    expect(removed).toBe(1);
    const left: { n: string }[] = await sut.db.dataSource.query(
      `SELECT count(*) AS n FROM audit_events WHERE occurred_at > now() - interval '1 day'`,
    );
    expect(left[0].n).toBe(recent[0].n);
    // The retention marker does not open the door to recent rows.
    await expect(
      sut.db.dataSource.transaction(async (m) => {
        await m.query(`SELECT set_config('tobira.audit_retention_days', '400', true)`);
        await m.query(`DELETE FROM audit_events WHERE occurred_at > now() - interval '1 day'`);
      }),
    ).rejects.toThrow(/append-only/);
  });

  it('shows users their own recent activity and nobody else’s', async () => {
    const mine = await issueAccount(sut.accounts);
    const theirs = await issueAccount(sut.accounts);
    await new BrowserLikeClient(sut.app).signIn(theirs.username, 'Wrong-123456');
    const browser = new BrowserLikeClient(sut.app);
    await browser.signIn(mine.username, 'Wrong-123456');
    await browser.signIn(mine.username, mine.password);
    const password = strongPassword();
    await browser.post('/api/auth/password', {
      currentPassword: mine.password,
      newPassword: password,
      newPasswordConfirmation: password,
    });

    const res = await browser.get('/api/activity');

    expect(res.status).toBe(200);
    const kinds = (res.body as { kind: string }[]).map((e) => e.kind);
    expect(kinds).toEqual([
      'password.changed',
      'sign_in.succeeded',
      'sign_in.failed',
      'account.created',
    ]);
    expect(JSON.stringify(res.body)).not.toContain(theirs.username);
  });
});

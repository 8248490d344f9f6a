import { AccountsService } from '../accounts/accounts.service';
import type { TestingModule } from '@nestjs/testing';
import { createHash } from 'node:crypto';
import { issueAccount } from '../../test/support/factories';
import { createServiceModule } from '../../test/support/service-module';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database';
import type { Role } from '../users/user.entity';
import { SessionStoreModule } from './session-store.module';
import { SessionsService } from './sessions.service';
import { DEFAULT_ORGANIZATION_ID } from '../organizations/organization.entity';

const MINUTE_MS = 60_000;
const client = { ipAddress: '203.0.113.7', userAgent: 'Mozilla/5.0 (jest)' };

interface SessionRow {
  id: string;
  user_id: string;
  token_hash: Buffer;
  last_seen_at: Date;
  /** Microsecond precision, to tell whether the column was written at all. */
  last_seen_text: string;
  absolute_expires_at: Date;
  lifetime_seconds: number;
  ip_address: string | null;
  user_agent: string | null;
}

const sha256 = (token: string) => createHash('sha256').update(token).digest();

function sessionsModule(db: TestDatabase, env: Record<string, string> = {}) {
  return createServiceModule(db, { imports: [SessionStoreModule] }, env);
}

describe(SessionsService.name, () => {
  let db: TestDatabase;
  let moduleRef: TestingModule;
  let sut: SessionsService;

  beforeAll(async () => {
    db = await createTestDatabase();
    moduleRef = await sessionsModule(db);
    sut = moduleRef.get(SessionsService);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await db?.drop();
  });

  async function newUser(overrides: { role?: Role; expiresOn?: string | null } = {}) {
    const { username } = await issueAccount(moduleRef.get(AccountsService), overrides);
    const [{ id }]: { id: string }[] = await db.dataSource.query(
      'SELECT id FROM users WHERE username = $1',
      [username],
    );
    return { id, username };
  }

  async function sessionRows(where: string, param: unknown): Promise<SessionRow[]> {
    return db.dataSource.query(
      `SELECT id, user_id, token_hash, last_seen_at, last_seen_at::text AS last_seen_text,
              absolute_expires_at,
              extract(epoch FROM absolute_expires_at - created_at)::int AS lifetime_seconds,
              ip_address, user_agent
         FROM sessions WHERE ${where}`,
      [param],
    );
  }

  /** The row of a live token; fails the test when there is none. */
  async function sessionOf(token: string): Promise<SessionRow> {
    const rows = await sessionRows('token_hash = $1', sha256(token));
    expect(rows).toHaveLength(1);
    return rows[0];
  }

  async function sessionExists(id: string): Promise<boolean> {
    return (await sessionRows('id = $1', id)).length === 1;
  }

  describe('create', () => {
    it('returns a 256-bit base64url token and stores only its SHA-256', async () => {
      const user = await newUser();

      const token = await sut.create(user.id, client);

      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
      const rows = await sessionRows('user_id = $1', user.id);
      expect(rows).toHaveLength(1);
      expect(rows[0].token_hash.equals(sha256(token))).toBe(true);
      expect(JSON.stringify(rows)).not.toContain(token);
      expect(rows[0]).toMatchObject({ ip_address: client.ipAddress, user_agent: client.userAgent });
    });

    it('gives every session its own token', async () => {
      const user = await newUser();

      const tokens = await Promise.all(
        Array.from({ length: 5 }, () => sut.create(user.id, client)),
      );

      expect(new Set(tokens).size).toBe(5);
    });

    it('ends a session 12 hours after it started by default', async () => {
      const user = await newUser();

      const token = await sut.create(user.id, client);

      expect((await sessionOf(token)).lifetime_seconds).toBe(12 * 60 * 60);
    });

    it('stamps the last sign-in, makes an MFA session wait, and records the event with them', async () => {
      const user = await newUser();
      const event = {
        kind: 'sign_in.succeeded' as const,
        actor: { kind: 'user' as const, userId: user.id, username: user.username },
        target: { userId: user.id, username: user.username },
        detail: { mfaPending: true },
        client,
      };

      const token = await sut.create(user.id, client, { mfaPending: true, event });

      const [row]: { waits_seconds: number; last_sign_in_at: Date | null }[] =
        await db.dataSource.query(
          `SELECT round(extract(epoch FROM s.mfa_pending_until - s.created_at))::int AS waits_seconds,
                  u.last_sign_in_at
             FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`,
          [sha256(token)],
        );
      expect(row.waits_seconds).toBe(5 * 60);
      expect(row.last_sign_in_at).not.toBeNull();
      const audit: Record<string, unknown>[] = await db.dataSource.query(
        `SELECT kind, actor_username, ip_address, user_agent, detail FROM audit_events
          WHERE target_user_id = $1 AND kind = 'sign_in.succeeded'`,
        [user.id],
      );
      expect(audit).toEqual([
        {
          kind: 'sign_in.succeeded',
          actor_username: user.username,
          ip_address: client.ipAddress,
          user_agent: client.userAgent,
          detail: { mfaPending: true },
        },
      ]);
    });

    it('writes neither a session nor a record for an account that is gone', async () => {
      const ghost = '00000000-0000-4000-8000-0000000000aa';
      const event = {
        kind: 'sign_in.succeeded' as const,
        actor: { kind: 'user' as const, userId: ghost, username: 'ghost' },
        target: { userId: ghost, username: 'ghost' },
      };

      await expect(sut.create(ghost, client, { event })).rejects.toThrow(/no account/);

      expect(await sessionRows('user_id = $1', ghost)).toHaveLength(0);
      const audit: unknown[] = await db.dataSource.query(
        'SELECT 1 FROM audit_events WHERE target_user_id = $1',
        [ghost],
      );
      expect(audit).toHaveLength(0);
    });
  });

  describe('authenticate', () => {
    it('returns the principal of a live session', async () => {
      const user = await newUser({ role: 'admin', expiresOn: '2099-12-31' });
      const token = await sut.create(user.id, client);

      const principal = await sut.authenticate(token);

      expect(principal).toEqual({
        sessionId: (await sessionOf(token)).id,
        userId: user.id,
        username: user.username,
        role: 'admin',
        organizationId: DEFAULT_ORGANIZATION_ID,
        expiresOn: '2099-12-31',
        passwordIsTemporary: true,
        mfaPending: false,
      });
    });

    it('returns null for an unknown token', async () => {
      const user = await newUser();
      const token = await sut.create(user.id, client);
      const forged = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;

      expect(await sut.authenticate(forged)).toBeNull();
      expect(await sut.authenticate('')).toBeNull();
    });

    it('keeps a session that has been idle for exactly the idle timeout (30 minutes)', async () => {
      const user = await newUser();
      const token = await sut.create(user.id, client);
      const { last_seen_at } = await sessionOf(token);

      const principal = await sut.authenticate(
        token,
        new Date(last_seen_at.getTime() + 30 * MINUTE_MS),
      );

      expect(principal?.userId).toBe(user.id);
    });

    it('ends a session idle for longer than 30 minutes and deletes its row', async () => {
      const user = await newUser();
      const token = await sut.create(user.id, client);
      const { id, last_seen_at } = await sessionOf(token);

      const principal = await sut.authenticate(
        token,
        new Date(last_seen_at.getTime() + 30 * MINUTE_MS + 1),
      );

      expect(principal).toBeNull();
      expect(await sessionExists(id)).toBe(false);
    });

    it('ends a session at its absolute timeout however recently it was used', async () => {
      const user = await newUser();
      const token = await sut.create(user.id, client);
      const { id } = await sessionOf(token);
      await db.dataSource.query(
        `UPDATE sessions SET last_seen_at = absolute_expires_at - interval '30 seconds' WHERE id = $1`,
        [id],
      );
      const { absolute_expires_at } = await sessionOf(token);

      const before = await sut.authenticate(token, new Date(absolute_expires_at.getTime() - 1));
      const at = await sut.authenticate(token, absolute_expires_at);

      expect(before?.sessionId).toBe(id);
      expect(at).toBeNull();
      expect(await sessionExists(id)).toBe(false);
    });

    it.each([
      ['disabled', 'UPDATE users SET disabled = true WHERE id = $1'],
      [
        'past its expiry date (in Asia/Tokyo)',
        `UPDATE users SET expires_on = (now() AT TIME ZONE 'Asia/Tokyo')::date - 1 WHERE id = $1`,
      ],
    ])('ends the session of an account %s and deletes its row', async (_, sql) => {
      const user = await newUser();
      const token = await sut.create(user.id, client);
      const { id } = await sessionOf(token);
      await db.dataSource.query(sql, [user.id]);

      expect(await sut.authenticate(token)).toBeNull();
      expect(await sessionExists(id)).toBe(false);
    });

    it('keeps the session of an account on its expiry day (in Asia/Tokyo)', async () => {
      const user = await newUser();
      const token = await sut.create(user.id, client);
      await db.dataSource.query(
        `UPDATE users SET expires_on = (now() AT TIME ZONE 'Asia/Tokyo')::date WHERE id = $1`,
        [user.id],
      );

      expect((await sut.authenticate(token))?.userId).toBe(user.id);
    });

    describe('last_seen_at', () => {
      it('is not written again when the session was seen less than a minute ago', async () => {
        const user = await newUser();
        const token = await sut.create(user.id, client);
        const { id } = await sessionOf(token);
        await db.dataSource.query(
          `UPDATE sessions SET last_seen_at = now() - interval '50 seconds' WHERE id = $1`,
          [id],
        );
        const before = (await sessionOf(token)).last_seen_text;

        expect(await sut.authenticate(token)).not.toBeNull();

        expect((await sessionOf(token)).last_seen_text).toBe(before);
      });

      it('is moved to now when the session was last seen more than a minute ago', async () => {
        const user = await newUser();
        const token = await sut.create(user.id, client);
        const { id } = await sessionOf(token);
        await db.dataSource.query(
          `UPDATE sessions SET last_seen_at = now() - interval '2 minutes' WHERE id = $1`,
          [id],
        );

        expect(await sut.authenticate(token)).not.toBeNull();

        const [{ lag_ms }]: { lag_ms: number }[] = await db.dataSource.query(
          `SELECT extract(epoch FROM now() - last_seen_at) * 1000 AS lag_ms FROM sessions WHERE id = $1`,
          [id],
        );
        expect(Number(lag_ms)).toBeLessThan(5_000);
      });

      it('is written from just past one minute, not at exactly one minute', async () => {
        const user = await newUser();
        const token = await sut.create(user.id, client);
        const { last_seen_at, last_seen_text } = await sessionOf(token);

        await sut.authenticate(token, new Date(last_seen_at.getTime() + MINUTE_MS));
        const afterOneMinute = (await sessionOf(token)).last_seen_text;
        await sut.authenticate(token, new Date(last_seen_at.getTime() + MINUTE_MS + 1));
        const afterLonger = (await sessionOf(token)).last_seen_text;

        expect(afterOneMinute).toBe(last_seen_text);
        expect(afterLonger).not.toBe(last_seen_text);
      });
    });
  });

  describe('purgeExpired', () => {
    async function aged(userId: string, set: string, mfaPending = false): Promise<string> {
      const token = await sut.create(userId, client, { mfaPending });
      const { id } = await sessionOf(token);
      await db.dataSource.query(`UPDATE sessions SET ${set} WHERE id = $1`, [id]);
      return id;
    }

    it('deletes exactly the sessions that authenticate would refuse, in batches', async () => {
      await sut.purgeExpired(); // what earlier tests left behind
      const user = await newUser();
      const live = [
        await aged(user.id, `last_seen_at = now() - interval '29 minutes'`),
        await aged(user.id, `absolute_expires_at = now() + interval '1 minute'`),
        await aged(user.id, `mfa_pending_until = now() + interval '1 minute'`, true),
      ];
      const dead = [
        await aged(user.id, `last_seen_at = now() - interval '31 minutes'`),
        await aged(user.id, `last_seen_at = now() - interval '3 days'`),
        await aged(user.id, `absolute_expires_at = now() - interval '1 second'`),
        await aged(user.id, `mfa_pending_until = now() - interval '1 second'`, true),
        await aged(user.id, `absolute_expires_at = now() - interval '1 day'`),
      ];

      // Two at a time: the last batch is the one that comes back short.
      expect(await sut.purgeExpired(2)).toBe(dead.length);

      const left: { id: string }[] = await db.dataSource.query(
        'SELECT id FROM sessions WHERE user_id = $1 ORDER BY id',
        [user.id],
      );
      expect(left.map((r) => r.id)).toEqual([...live].sort());
      expect(await sut.purgeExpired()).toBe(0);
    });

    it('leaves a live session working', async () => {
      const user = await newUser();
      const token = await sut.create(user.id, client);

      await sut.purgeExpired();

      expect((await sut.authenticate(token))?.userId).toBe(user.id);
    });
  });

  describe('renew', () => {
    it('gives the same session a new token: the old one stops working, the new one works', async () => {
      const user = await newUser();
      const oldToken = await sut.create(user.id, client);
      const { id } = await sessionOf(oldToken);

      const newToken = await sut.renew(id);

      expect(newToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(newToken).not.toBe(oldToken);
      expect(await sut.authenticate(oldToken)).toBeNull();
      expect((await sut.authenticate(newToken))?.sessionId).toBe(id);
    });
  });

  describe('revokeOthers', () => {
    it("ends every session of the user except the given one, and no one else's", async () => {
      const user = await newUser();
      const other = await newUser();
      const [first, kept, third] = [
        await sut.create(user.id, client),
        await sut.create(user.id, client),
        await sut.create(user.id, client),
      ];
      const othersToken = await sut.create(other.id, client);
      const keptId = (await sessionOf(kept)).id;

      await sut.revokeOthers(user.id, keptId);

      expect((await sessionRows('user_id = $1', user.id)).map((r) => r.id)).toEqual([keptId]);
      expect(await sut.authenticate(first)).toBeNull();
      expect(await sut.authenticate(third)).toBeNull();
      expect((await sut.authenticate(kept))?.sessionId).toBe(keptId);
      expect((await sut.authenticate(othersToken))?.userId).toBe(other.id);
    });
  });

  describe('revoke and revokeByToken', () => {
    it('end exactly the session they are given', async () => {
      const user = await newUser();
      const [a, b, c] = [
        await sut.create(user.id, client),
        await sut.create(user.id, client),
        await sut.create(user.id, client),
      ];

      await sut.revoke((await sessionOf(a)).id);
      await sut.revokeByToken(b);

      expect(await sut.authenticate(a)).toBeNull();
      expect(await sut.authenticate(b)).toBeNull();
      expect((await sut.authenticate(c))?.userId).toBe(user.id);
    });
  });

  describe('configured by SESSION_IDLE_MINUTES and SESSION_ABSOLUTE_HOURS', () => {
    let configuredModule: TestingModule;
    let configured: SessionsService;

    beforeAll(async () => {
      configuredModule = await sessionsModule(db, {
        SESSION_IDLE_MINUTES: '5',
        SESSION_ABSOLUTE_HOURS: '2',
      });
      configured = configuredModule.get(SessionsService);
    });

    afterAll(async () => {
      await configuredModule?.close();
    });

    it('ends sessions after the configured absolute lifetime', async () => {
      const user = await newUser();

      const token = await configured.create(user.id, client);

      expect((await sessionOf(token)).lifetime_seconds).toBe(2 * 60 * 60);
    });

    it('ends sessions idle for longer than the configured minutes', async () => {
      const user = await newUser();
      const kept = await configured.create(user.id, client);
      const ended = await configured.create(user.id, client);
      const keptSeen = (await sessionOf(kept)).last_seen_at.getTime();
      const endedSeen = (await sessionOf(ended)).last_seen_at.getTime();

      const atLimit = await configured.authenticate(kept, new Date(keptSeen + 5 * MINUTE_MS));
      const pastLimit = await configured.authenticate(
        ended,
        new Date(endedSeen + 5 * MINUTE_MS + 1),
      );

      expect(atLimit?.userId).toBe(user.id);
      expect(pastLimit).toBeNull();
    });
  });
});

import type { TestingModule } from '@nestjs/testing';
import { createServiceModule } from '../../test/support/service-module';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { BruteForceService } from './brute-force.service';

interface Row {
  scope: 'address' | 'account' | 'mfa';
  key: string;
  failures: number;
  /** Minutes before now; negative is in the future. */
  firstAgo: number;
  lastAgo: number;
  lockedUntilAgo: number | null;
}

const HOUR = 60;
const m = (minutes: number) => `now() - make_interval(mins => ${minutes})`;
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

describe(BruteForceService.name, () => {
  let db: TestDatabase;
  let moduleRef: TestingModule;
  let sut: BruteForceService;

  beforeAll(async () => {
    db = await createTestDatabase();
    moduleRef = await createServiceModule(db);
    sut = moduleRef.get(BruteForceService);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await db?.drop();
  });

  describe('purgeStale (defaults: 15-minute address window, failures forgotten after 12 hours)', () => {
    const kept: Row[] = [
      {
        scope: 'address',
        key: 'a-blocked',
        failures: 100,
        firstAgo: 10,
        lastAgo: 1,
        lockedUntilAgo: null,
      },
      {
        scope: 'address',
        key: 'a-counting',
        failures: 3,
        firstAgo: 14,
        lastAgo: 14,
        lockedUntilAgo: null,
      },
      {
        scope: 'account',
        key: 'k-locked',
        failures: 10,
        firstAgo: 5,
        lastAgo: 1,
        lockedUntilAgo: -14,
      },
      {
        scope: 'account',
        key: 'k-counting',
        failures: 3,
        firstAgo: 11 * HOUR,
        lastAgo: 11 * HOUR,
        lockedUntilAgo: null,
      },
      // Forgotten already, but its lock has not run out: left for a later run.
      {
        scope: 'account',
        key: 'k-lock-running',
        failures: 10,
        firstAgo: 13 * HOUR,
        lastAgo: 13 * HOUR,
        lockedUntilAgo: -60,
      },
      { scope: 'mfa', key: 'm-locked', failures: 10, firstAgo: 5, lastAgo: 1, lockedUntilAgo: -5 },
      {
        scope: 'mfa',
        key: 'm-counting',
        failures: 4,
        firstAgo: 2 * HOUR,
        lastAgo: 2 * HOUR,
        lockedUntilAgo: null,
      },
    ];
    const stale: Row[] = [
      {
        scope: 'address',
        key: 'a-window-over',
        failures: 100,
        firstAgo: 16,
        lastAgo: 2,
        lockedUntilAgo: null,
      },
      {
        scope: 'account',
        key: 'k-forgotten',
        failures: 9,
        firstAgo: 14 * HOUR,
        lastAgo: 13 * HOUR,
        lockedUntilAgo: null,
      },
      {
        scope: 'account',
        key: 'k-lock-over',
        failures: 10,
        firstAgo: 13 * HOUR,
        lastAgo: 13 * HOUR,
        lockedUntilAgo: 12 * HOUR,
      },
      {
        scope: 'mfa',
        key: 'm-forgotten',
        failures: 10,
        firstAgo: 13 * HOUR,
        lastAgo: 13 * HOUR,
        lockedUntilAgo: 12 * HOUR,
      },
    ];

    /** What the service decides for a row's key, read the way sign-in and the lists read it. */
    async function decision(row: Row): Promise<unknown> {
      if (row.scope === 'account') return sut.accountThrottle(row.key);
      if (row.scope === 'mfa') return sut.isMfaLocked(row.key);
      const found: { failures: number; first_failure_at: Date }[] = await db.dataSource.query(
        `SELECT failures, first_failure_at FROM sign_in_throttles WHERE scope = 'address' AND key = $1`,
        [row.key],
      );
      // The next attempt from the address is refused: the default limit (100) reached in the window.
      const address = found[0];
      return (
        address !== undefined &&
        address.failures >= 100 &&
        address.first_failure_at > minutesAgo(15)
      );
    }

    it('deletes the rows that decide nothing any more, and changes no decision', async () => {
      for (const r of [...kept, ...stale]) {
        await db.dataSource.query(
          `INSERT INTO sign_in_throttles (scope, key, failures, first_failure_at, last_failure_at, locked_until)
           VALUES ($1, $2, $3, ${m(r.firstAgo)}, ${m(r.lastAgo)}, ${r.lockedUntilAgo === null ? 'NULL' : m(r.lockedUntilAgo)})`,
          [r.scope, r.key, r.failures],
        );
      }
      const before = await Promise.all([...kept, ...stale].map(decision));
      // The rows that go decide "not blocked" already.
      expect(await Promise.all(stale.map(decision))).toEqual([
        false,
        { blockedUntil: null, locked: false },
        { blockedUntil: null, locked: false },
        false,
      ]);

      expect(await sut.purgeStale()).toBe(stale.length);

      const left: { key: string }[] = await db.dataSource.query(
        'SELECT key FROM sign_in_throttles ORDER BY key',
      );
      expect(left.map((r) => r.key)).toEqual(kept.map((r) => r.key).sort());
      expect(await Promise.all([...kept, ...stale].map(decision))).toEqual(before);
      expect(await sut.purgeStale()).toBe(0);
    });
  });
});

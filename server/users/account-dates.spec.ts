import { dateIn, isAccountExpired, isIsoDate } from './account-dates';

describe(isAccountExpired.name, () => {
  const at = (iso: string) => new Date(iso);

  describe('in Asia/Tokyo (UTC+9, the default zone)', () => {
    const zone = 'Asia/Tokyo';

    it('keeps the account usable until the last millisecond of its expiry day (23:59:59.999 JST)', () => {
      expect(isAccountExpired('2026-03-31', zone, at('2026-03-31T14:59:59.999Z'))).toBe(false);
    });

    it('expires the account at midnight JST, which is 15:00 UTC of the expiry day', () => {
      expect(isAccountExpired('2026-03-31', zone, at('2026-03-31T15:00:00.000Z'))).toBe(true);
    });

    it('keeps the account usable from the first moment of its expiry day (00:00 JST)', () => {
      expect(isAccountExpired('2026-03-31', zone, at('2026-03-30T15:00:00.000Z'))).toBe(false);
    });

    it('compares whole dates across a month and a year boundary', () => {
      expect(isAccountExpired('2026-12-31', zone, at('2026-12-31T15:00:00.000Z'))).toBe(true);
      expect(isAccountExpired('2027-01-01', zone, at('2026-12-31T15:00:00.000Z'))).toBe(false);
    });
  });

  it.each(['2026-03-31T15:00:00.000Z', '2999-12-31T23:59:59.999Z', '1970-01-01T00:00:00.000Z'])(
    'never expires an account without an expiry date (at %s)',
    (now) => {
      expect(isAccountExpired(null, 'Asia/Tokyo', at(now))).toBe(false);
    },
  );

  describe('in another zone the boundary moves with the zone', () => {
    it('UTC: still usable at 15:00 UTC (already expired in Tokyo), expired at the next UTC midnight', () => {
      expect(isAccountExpired('2026-03-31', 'UTC', at('2026-03-31T15:00:00.000Z'))).toBe(false);
      expect(isAccountExpired('2026-03-31', 'UTC', at('2026-03-31T23:59:59.999Z'))).toBe(false);
      expect(isAccountExpired('2026-03-31', 'UTC', at('2026-04-01T00:00:00.000Z'))).toBe(true);
    });

    it('America/New_York (UTC-4 in summer time): expired at 04:00 UTC of the next day', () => {
      const zone = 'America/New_York';
      expect(isAccountExpired('2026-03-31', zone, at('2026-04-01T03:59:59.999Z'))).toBe(false);
      expect(isAccountExpired('2026-03-31', zone, at('2026-04-01T04:00:00.000Z'))).toBe(true);
    });
  });
});

describe(dateIn.name, () => {
  it.each([
    ['Asia/Tokyo', '2026-03-31T14:59:59.999Z', '2026-03-31'],
    ['Asia/Tokyo', '2026-03-31T15:00:00.000Z', '2026-04-01'],
    ['UTC', '2026-03-31T15:00:00.000Z', '2026-03-31'],
    ['America/New_York', '2026-04-01T03:59:59.999Z', '2026-03-31'],
  ])('gives the calendar date in %s at %s as YYYY-MM-DD (%s)', (zone, now, expected) => {
    expect(dateIn(zone, new Date(now))).toBe(expected);
  });
});

describe(isIsoDate.name, () => {
  it.each([
    ['2026-03-31', true],
    ['2026-02-28', true],
    ['2028-02-29', true], // 2028 is a leap year
    ['2000-02-29', true], // divisible by 400: a leap year
    ['0001-01-01', true], // the first date PostgreSQL's date type accepts
    ['9999-12-31', true],
    ['2026-02-29', false], // 2026 is not a leap year
    ['2100-02-29', false], // divisible by 100 but not by 400: not a leap year
    ['2026-02-30', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['2026-1-01', false],
    ['2026-01-1', false],
    ['26-01-01', false],
    ['2026/01/01', false],
    ['2026-01-01T00:00:00Z', false],
    [' 2026-01-01', false],
    ['2026-01-01\n', false],
    ['２０２６-01-01', false], // full-width digits
    ['', false],
    // There is no year 0 in PostgreSQL's calendar: storing it fails with "date/time field value out
    // of range", so it must be refused here, as invalid input, before it reaches the database.
    ['0000-01-01', false],
  ])('%j → %s', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });
});

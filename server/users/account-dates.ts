/** The calendar date (YYYY-MM-DD) that it is in `timeZone` at `now`. */
export function dateIn(timeZone: string, now: Date): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** An account is usable through the whole of its expiry day, in the configured zone. */
export function isAccountExpired(expiresOn: string | null, timeZone: string, now: Date): boolean {
  return expiresOn !== null && dateIn(timeZone, now) > expiresOn;
}

/** A real calendar date in the form YYYY-MM-DD, from year 1 (PostgreSQL has no year 0). */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || value.startsWith('0000')) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** The date that counts: the earlier of the account's own expiry and its contract's end. */
export function effectiveExpiresOn(
  accountExpiresOn: string | null,
  contractEndsOn: string | null,
): string | null {
  if (accountExpiresOn === null) return contractEndsOn;
  if (contractEndsOn === null) return accountExpiresOn;
  return accountExpiresOn < contractEndsOn ? accountExpiresOn : contractEndsOn;
}

/** When a temporary password given out at `now` stops working (TEMP_PASSWORD_DAYS later). */
export function temporaryPasswordExpiresAt(
  config: { temporaryPasswordDays: number },
  now = new Date(),
): Date {
  return new Date(now.getTime() + config.temporaryPasswordDays * 24 * 60 * 60 * 1000);
}

import { formatDateTime } from './date-time';

describe('formatDateTime', () => {
  it('shows the instant in the browser’s time zone as YYYY/MM/DD HH:mm', () => {
    const local = new Date(2026, 10, 28, 14, 5, 59);
    expect(formatDateTime(local.toISOString())).toBe('2026/11/28 14:05');
  });

  it('pads single-digit months, days, hours and minutes', () => {
    expect(formatDateTime(new Date(2027, 0, 2, 3, 4).toISOString())).toBe('2027/01/02 03:04');
  });

  it('answers "-" for a value that is not a date', () => {
    expect(formatDateTime('not a date')).toBe('-');
  });
});

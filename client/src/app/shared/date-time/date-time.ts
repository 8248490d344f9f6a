function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * An ISO instant as "2026/11/28 14:05" in the browser's time zone: the manual's date format with
 * the time added, read the same way in both languages. With `seconds` "2026/11/28 14:05:09", for
 * a log whose events follow each other within the minute.
 */
export function formatDateTime(iso: string, options: { seconds?: boolean } = {}): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '-';
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return (
    `${date.getFullYear()}/${pad(date.getMonth() + 1)}/${pad(date.getDate())} ` +
    (options.seconds ? `${time}:${pad(date.getSeconds())}` : time)
  );
}

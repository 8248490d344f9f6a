import type { Request } from 'express';

export type Locale = 'ja' | 'en';
export const LOCALE_COOKIE = 'tobira-lang';

/** The cookie set by the client's language switch wins; otherwise the browser's preference; else Japanese. */
export function resolveLocale(
  req: Pick<Request, 'headers'> & { cookies?: Record<string, unknown> },
): Locale {
  const chosen = req.cookies?.[LOCALE_COOKIE];
  if (chosen === 'ja' || chosen === 'en') return chosen;
  const header = req.headers['accept-language'];
  if (typeof header !== 'string') return 'ja';
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag, q: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === 'ja' || tag.startsWith('ja-')) return 'ja';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'ja';
}

/**
 * The browser's `localStorage` or `sessionStorage`, or null where there is none or it refuses
 * access (storage turned off, some private modes): callers then carry on without it.
 */
export function webStorage(
  document: Document,
  kind: 'localStorage' | 'sessionStorage',
): Storage | null {
  try {
    return document.defaultView?.[kind] ?? null;
  } catch {
    return null;
  }
}

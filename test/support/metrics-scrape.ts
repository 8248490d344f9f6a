/** One scrape of a Prometheus text endpoint: every sample by its name and labels, as written. */
export type Samples = Map<string, number>;

export async function scrape(url: string): Promise<Samples> {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  const samples: Samples = new Map();
  for (const line of (await res.text()).split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}

/** How much each of `keys` moved between two scrapes (a sample missing from one counts as 0). */
export function deltas(before: Samples, after: Samples, keys: string[]): Record<string, number> {
  return Object.fromEntries(
    keys.map((key) => [key, (after.get(key) ?? 0) - (before.get(key) ?? 0)]),
  );
}

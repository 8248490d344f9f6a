import { BatchedLookup } from './batched-lookup';

interface Row {
  key: Buffer;
  value: string;
}

const key = (s: string) => Buffer.from(s);

function lookupOver(table: Record<string, string>, maxBatch?: number) {
  const queries: string[][] = [];
  const lookup = new BatchedLookup<Row>(
    (keys) => {
      queries.push(keys.map(String));
      return Promise.resolve(
        keys.filter((k) => String(k) in table).map((k) => ({ key: k, value: table[String(k)] })),
      );
    },
    (row) => row.key,
    maxBatch,
  );
  return { lookup, queries };
}

describe('BatchedLookup', () => {
  it('answers lookups asked in one turn with one query, each with its own row', async () => {
    const { lookup, queries } = lookupOver({ a: 'A', b: 'B' });

    const answers = await Promise.all(
      [key('a'), key('b'), key('x'), key('a')].map((k) => lookup.find(k)),
    );

    expect(answers.map((row) => row?.value)).toEqual(['A', 'B', undefined, 'A']);
    expect(queries).toEqual([['a', 'b', 'x']]);
  });

  it('sends a new query for lookups asked after the last one was sent', async () => {
    const table: Record<string, string> = { a: 'A' };
    const { lookup, queries } = lookupOver(table);

    expect((await lookup.find(key('a')))?.value).toBe('A');
    delete table.a;
    expect(await lookup.find(key('a'))).toBeUndefined();
    expect(queries).toEqual([['a'], ['a']]);
  });

  it('splits a large turn into queries of at most maxBatch keys', async () => {
    const { lookup, queries } = lookupOver({ k4: 'found' }, 2);

    const answers = await Promise.all(
      ['k0', 'k1', 'k2', 'k3', 'k4'].map((k) => lookup.find(key(k))),
    );

    expect(queries).toEqual([['k0', 'k1'], ['k2', 'k3'], ['k4']]);
    expect(answers.map((row) => row?.value)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      'found',
    ]);
  });

  it('fails every lookup of a query that failed, and recovers for the next turn', async () => {
    let fail = true;
    const lookup = new BatchedLookup<Row>(
      (keys) =>
        fail
          ? Promise.reject(new Error('connection lost'))
          : Promise.resolve(keys.map((k) => ({ key: k, value: 'ok' }))),
      (row) => row.key,
    );

    const failed = await Promise.allSettled([lookup.find(key('a')), lookup.find(key('b'))]);
    fail = false;

    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((await lookup.find(key('a')))?.value).toBe('ok');
  });
});

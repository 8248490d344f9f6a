/**
 * Lookups by key that arrive in the same turn of the event loop share one query. Under load many
 * requests are parsed in one turn; each would otherwise pay a round trip to PostgreSQL of its own
 * (a socket write, a wake-up of a backend, a statement, a socket read), which cost more than the
 * rest of a simple request. Nothing is cached: every lookup is answered by a query sent after it
 * was asked, so a session ended a moment ago is never found.
 */
export class BatchedLookup<Row> {
  /** This turn's lookups by key (as hex), each with everyone waiting for it. */
  private pending: Map<string, Entry<Row>> | null = null;

  /**
   * @param query one query for many keys, answering each found key with its row
   * @param keyOf the key of an answered row
   * @param maxBatch at most this many distinct keys per query; more are split
   */
  constructor(
    private readonly query: (keys: Buffer[]) => Promise<Row[]>,
    private readonly keyOf: (row: Row) => Buffer,
    private readonly maxBatch = 100,
  ) {}

  /** The row for `key`, or undefined when there is none. */
  find(key: Buffer): Promise<Row | undefined> {
    return new Promise((resolve, reject) => {
      if (!this.pending) {
        this.pending = new Map();
        setImmediate(() => this.flush());
      }
      const id = key.toString('hex');
      const entry = this.pending.get(id);
      if (entry) entry.waiters.push({ resolve, reject });
      else this.pending.set(id, { id, key, waiters: [{ resolve, reject }] });
    });
  }

  private flush(): void {
    const pending = [...this.pending!.values()];
    this.pending = null;
    for (let i = 0; i < pending.length; i += this.maxBatch) {
      void this.run(pending.slice(i, i + this.maxBatch));
    }
  }

  private async run(batch: Entry<Row>[]): Promise<void> {
    try {
      const rows = await this.query(batch.map((entry) => entry.key));
      const found = new Map(rows.map((row) => [this.keyOf(row).toString('hex'), row]));
      for (const entry of batch) {
        const row = found.get(entry.id);
        for (const waiter of entry.waiters) waiter.resolve(row);
      }
    } catch (error) {
      for (const entry of batch) for (const waiter of entry.waiters) waiter.reject(error);
    }
  }
}

interface Entry<Row> {
  id: string;
  key: Buffer;
  waiters: Waiter<Row>[];
}

interface Waiter<Row> {
  resolve: (row: Row | undefined) => void;
  reject: (error: unknown) => void;
}

import { createServer } from 'node:http';
import request from 'supertest';
import type { App } from 'supertest/types';
import { GracefulShutdown } from '../../server/health/shutdown';
import { createTestApp, type TestApp } from '../support/test-app';
import { serverUrl } from '../support/test-database';
import { Client } from 'pg';

async function asAdmin(sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

// Its own file: it takes its database away and back.
describe('Liveness and readiness', () => {
  let sut: TestApp;
  let name: string;

  beforeAll(async () => {
    sut = await createTestApp();
    name = new URL(sut.db.url).pathname.slice(1);
  });

  afterAll(async () => {
    await asAdmin(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS true`).catch(() => undefined);
    await sut.close();
  });

  const server = () => sut.app.getHttpServer() as App;

  it('answers ready once the database answers and every migration is applied', async () => {
    const live = await request(server()).get('/api/health/live');
    expect([live.status, live.body]).toEqual([200, { status: 'ok' }]);
    const ready = await request(server()).get('/api/health/ready');
    expect([ready.status, ready.body]).toEqual([
      200,
      { status: 'ready', database: 'up', migrations: 'done', stopping: false },
    ]);
  });

  it('is not ready while a migration is not applied, and is again once it is', async () => {
    const [last]: { id: number; timestamp: string; name: string }[] = await sut.db.dataSource.query(
      'SELECT id, timestamp, name FROM migrations ORDER BY timestamp DESC LIMIT 1',
    );
    await sut.db.dataSource.query('DELETE FROM migrations WHERE id = $1', [last.id]);
    try {
      const ready = await request(server()).get('/api/health/ready');
      expect([ready.status, ready.body]).toEqual([
        503,
        { status: 'not_ready', database: 'up', migrations: 'pending', stopping: false },
      ]);
      expect((await request(server()).get('/api/health/live')).status).toBe(200);
    } finally {
      await sut.db.dataSource.query(
        'INSERT INTO migrations (id, timestamp, name) VALUES ($1, $2, $3)',
        [last.id, last.timestamp, last.name],
      );
    }
    expect((await request(server()).get('/api/health/ready')).status).toBe(200);
  });

  it('is not ready while the database is down, but still live; ready again when it is back', async () => {
    await asAdmin(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
    await asAdmin(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`,
    );
    try {
      const ready = await request(server()).get('/api/health/ready');
      expect([ready.status, ready.body]).toEqual([
        503,
        { status: 'not_ready', database: 'down', migrations: 'unknown', stopping: false },
      ]);
      const live = await request(server()).get('/api/health/live');
      expect([live.status, live.body]).toEqual([200, { status: 'ok' }]);
    } finally {
      await asAdmin(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS true`);
    }
    // The pool replaces the connections it lost.
    const deadline = Date.now() + 20_000;
    let status = 0;
    while (status !== 200 && Date.now() < deadline) {
      status = (await request(server()).get('/api/health/ready')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
  });

  it('is not ready from the moment the server starts stopping', async () => {
    // Another listener stands in for the application's, which the other tests still use.
    const stand = createServer();
    await new Promise<void>((resolve) => stand.listen(0, '127.0.0.1', resolve));
    expect(await sut.app.get(GracefulShutdown).drain(stand, 1000)).toBe(true);
    const ready = await request(server()).get('/api/health/ready');
    expect([ready.status, ready.body]).toEqual([
      503,
      { status: 'not_ready', database: 'up', migrations: 'done', stopping: true },
    ]);
    // Answered with Connection: close, so that the client's next request goes elsewhere.
    expect(ready.headers.connection).toBe('close');
    expect((await request(server()).get('/api/health/live')).status).toBe(200);
  });
});

// The administrator's account list at 100,000 accounts over 100 contracts: list, search, filter and
// sort latency through HTTP, against the same requests on a 1,000-account database. See README.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freshDatabase, sql, startServer, tokenHash } from './support/harness.mjs';

const quick = process.env.BENCH_QUICK === '1';
const SAMPLES = quick ? 40 : 300;
const WARM_UP = quick ? 5 : 30;

/**
 * 100 contracts: one large (half of all accounts) and 99 small, so that both "a small contract in a
 * large database" and "a large contract" are measured. The baseline is one contract of 1,000.
 */
const SCENARIOS = [
  { name: 'baseline', label: '1,000 accounts, 1 contract', large: 1_000, small: 0, contracts: 1 },
  {
    name: 'scaled',
    label: '100,000 accounts, 100 contracts',
    large: 50_500,
    small: 500,
    contracts: 100,
  },
];

const QUERIES = [
  ['first page, by username', 'pageSize=50'],
  ['page 10, by username', 'pageSize=50&page=10'],
  ['by last sign-in, newest first', 'sort=lastSignInAt&order=desc'],
  ['search: part of a username', 'q=7a3'],
  ['search: prefix', 'q=u-0001'],
  ['filter: disabled', 'state=disabled'],
  ['filter: temporary password, general users', 'state=password_change_pending&role=user'],
];

/** Contracts, accounts and one administrator session per contract, generated in SQL. */
async function seed(url, scenario) {
  await sql(url, async (c) => {
    await c.query('SET synchronous_commit = off');
    await c.query(
      `INSERT INTO organizations (name, plan, service_starts_on)
       SELECT 'bench-org-' || lpad(g::text, 3, '0'), 'bench', current_date - 30
         FROM generate_series(1, $1::int) AS g`,
      [scenario.contracts],
    );
    // Names like "o001-u-000123-7a3f": unique, with a random part that substring search can hit.
    await c.query(
      `INSERT INTO users (username, role, organization_id, password_hash, password_is_temporary,
                          disabled, expires_on, last_sign_in_at, created_at)
       SELECT 'o' || lpad(o.n::text, 3, '0') || '-u-' || lpad(i::text, 6, '0') || '-' ||
                substr(md5(o.n::text || '-' || i::text), 1, 4),
              CASE WHEN i = 1 THEN 'admin' ELSE 'user' END, o.id, 'bench-not-a-hash',
              i % 5 = 0 AND i > 1, i % 50 = 0 AND i > 1,
              CASE WHEN i % 7 = 0 THEN current_date + (i % 400) END,
              CASE WHEN i % 3 <> 0 THEN now() - (i % 1000) * interval '1 hour' END,
              now() - (i % 2000) * interval '1 hour'
         FROM (SELECT id, row_number() OVER (ORDER BY name) AS n FROM organizations) AS o,
              LATERAL generate_series(1, CASE WHEN o.n = 1 THEN $1::int ELSE $2::int END) AS i`,
      [scenario.large, scenario.small],
    );
    const admins = await c.query(
      `SELECT u.id, o.name FROM users u JOIN organizations o ON o.id = u.organization_id
        WHERE u.role = 'admin' AND u.username LIKE '%-u-000001-%' ORDER BY o.name`,
    );
    for (const [index, admin] of admins.rows.entries()) {
      await c.query(
        `INSERT INTO sessions (user_id, token_hash, absolute_expires_at)
         VALUES ($1, $2, now() + interval '12 hours')`,
        [admin.id, tokenHash(`bench-admin-${index + 1}`)],
      );
    }
    await c.query('VACUUM ANALYZE');
  });
}

async function latency(base, token, query) {
  const headers = { cookie: `tobira_session=${token}` };
  const once = async () => {
    const started = performance.now();
    const res = await globalThis.fetch(`${base}/api/admin/accounts?${query}`, { headers });
    const body = await res.json();
    if (res.status !== 200) throw new Error(`${query}: ${res.status} ${JSON.stringify(body)}`);
    return { ms: performance.now() - started, total: body.total };
  };
  for (let i = 0; i < WARM_UP; i++) await once();
  const times = [];
  let total = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const r = await once();
    times.push(r.ms);
    total = r.total;
  }
  times.sort((a, b) => a - b);
  const at = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  return { p50: at(0.5), p99: at(0.99), total };
}

export default async function adminList({ databaseUrl, dist, log, port }) {
  const logDir = await mkdtemp(join(tmpdir(), 'tobira-bench-admin-'));
  const results = {};
  for (const [index, scenario] of SCENARIOS.entries()) {
    const db = await freshDatabase(databaseUrl, `tobira_bench_admin_${scenario.name}`);
    // The server applies the migrations on start; the data goes in afterwards.
    const server = await startServer({
      dist,
      databaseUrl: db.url,
      port: port + index,
      logDir,
      name: `admin-${scenario.name}`,
    });
    try {
      log(`${scenario.label}: seeding`);
      await seed(db.url, scenario);
      results[scenario.name] = {};
      // Contract 1 is the large one; the last is a small contract in the same database.
      const who =
        scenario.contracts === 1
          ? [['the contract', 1]]
          : [
              [`large contract (${scenario.large.toLocaleString('en')})`, 1],
              [`small contract (${scenario.small.toLocaleString('en')})`, scenario.contracts],
            ];
      for (const [label, contract] of who) {
        for (const [name, query] of QUERIES) {
          const r = await latency(server.base, `bench-admin-${contract}`, query);
          results[scenario.name][`${label}|${name}`] = r;
          log(`${scenario.label}, ${label}, ${name}: p50 ${r.p50.toFixed(1)} ms`);
        }
      }
    } finally {
      await server.stop();
      await db.drop();
    }
  }

  const baseline = results.baseline;
  const rows = Object.entries(results.scaled).map(([key, r]) => {
    const [who, name] = key.split('|');
    const base = baseline[`the contract|${name}`];
    return `| ${who} | ${name} | ${r.total.toLocaleString('en')} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${base.p50.toFixed(1)} | ${(r.p50 / base.p50).toFixed(2)}× |`;
  });
  const markdown = `${SAMPLES} sequential \`GET /api/admin/accounts\` requests per row (after ${WARM_UP} to warm up),
as an administrator, through HTTP on the production build. 100,000 accounts over 100 contracts: one
of ${SCENARIOS[1].large.toLocaleString('en')} accounts and 99 of ${SCENARIOS[1].small.toLocaleString('en')}. Baseline: the same requests on a database of
1,000 accounts in one contract, in the same run.

| Contract | Request | Matches | p50 ms | p99 ms | Baseline p50 ms | p50 vs baseline |
| --- | --- | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}
`;
  return { title: 'Account administration: the list at 100,000 accounts', markdown };
}

// OpenID Connect: authorization-code exchange and refresh per second at the token endpoint, against
// the bare route, in the same run and through the same load generator. See docs/benchmarks.md.
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { URLSearchParams } from 'node:url';
import { performance } from 'node:perf_hooks';
import {
  cpuMeter,
  freshDatabase,
  seed,
  sessionToken,
  startServer,
  stealMeter,
} from './support/harness.mjs';

const quick = process.env.BENCH_QUICK === '1';
/** Requests always in flight, each on a keep-alive connection of its own. */
const CONCURRENCY = 16;
/** Blocks of rounds: bare, exchange, refresh, then the mirror image (see auth.mjs). */
const BLOCKS = quick ? 1 : 2;
const ROUND_SECONDS = quick ? 2 : 5;
/** Codes made ahead of each exchange round (the code step is not what is measured). */
const CODES_PER_ROUND = quick ? 300 : 1500;
const ACCOUNTS = CONCURRENCY;
const REDIRECT_URI = 'https://rp.example/callback';

const num = (x, digits = 1) => x.toFixed(digits);
const ms = (seconds) => `${(seconds * 1000).toFixed(3)} ms`;
const pct = (x) => `${(x * 100).toFixed(1)} %`;

/** One HTTP request on `agent`; answers status, headers and body. */
function send(agent, base, { method = 'GET', path, headers = {}, body }) {
  return new Promise((done, fail) => {
    const url = new URL(path, base);
    const req = request(
      url,
      {
        method,
        agent,
        headers: body ? { ...headers, 'content-length': Buffer.byteLength(body) } : headers,
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          done({
            status: res.statusCode,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

/** A browser's cookies, as far as the flow needs them (one host; names are enough). */
class Jar {
  cookies = new Map();
  take(res) {
    for (const line of [res.headers['set-cookie'] ?? []].flat()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || attributes.some((a) => /expires=Thu, 01 Jan 1970/i.test(a))) {
        this.cookies.delete(name);
      } else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * A signed-in browser (a seeded portal session) that makes authorization codes: the first
 * authorization goes through the interaction, the next ones are single sign-on (one request each).
 */
function codeMaker(base, agent, clientId, challenge, account) {
  const jar = new Jar();
  jar.cookies.set('tobira_session', sessionToken(account));
  const authorize = `/oidc/auth?${new URLSearchParams({
    client_id: clientId,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'openid',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'bench',
  })}`;
  return async function code() {
    let path = authorize;
    for (let hops = 0; hops < 6; hops += 1) {
      const res = await send(agent, base, { path, headers: { cookie: jar.header() } });
      jar.take(res);
      const location = res.headers.location;
      if (!location)
        throw new Error(`authorization stopped at ${res.status}: ${res.body.slice(0, 200)}`);
      const next = new URL(location, base);
      if (next.href.startsWith(REDIRECT_URI)) {
        const found = next.searchParams.get('code');
        if (!found) throw new Error(`no code: ${next.search}`);
        return found;
      }
      path = next.pathname + next.search;
    }
    throw new Error('too many redirects');
  };
}

/**
 * `CONCURRENCY` loops, each sending `next()`'s request as soon as the last is answered, for
 * `seconds` or until `next` answers null; answers, latencies and the load generator's CPU.
 */
async function drive(base, agent, next, seconds) {
  const latencies = [];
  let failed = 0;
  const deadline = performance.now() + seconds * 1000;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      while (performance.now() < deadline) {
        const req = next(worker);
        if (!req) return;
        const t0 = performance.now();
        const res = await send(agent, base, req.request);
        latencies.push(performance.now() - t0);
        if (res.status === 200) req.answered?.(res);
        else failed += 1;
      }
    }),
  );
  const duration = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  return {
    ok: latencies.length - failed,
    failed,
    duration,
    latencies,
    clientCpuCores: (cpu.user + cpu.system) / 1e6 / duration,
  };
}

const percentile = (sorted, p) =>
  sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export default async function run(ctx) {
  const { log } = ctx;
  const logDir = await mkdtemp(join(tmpdir(), 'tobira-bench-oidc-'));
  const db = await freshDatabase(ctx.databaseUrl, 'tobira_bench_oidc');
  const base = `http://127.0.0.1:${ctx.port}`;
  const env = { PUBLIC_URL: base, OIDC_CODE_SECONDS: '600', OIDC_REFRESH_TOKEN_DAYS: '1' };
  const start = () =>
    startServer({
      dist: ctx.dist,
      databaseUrl: db.url,
      port: ctx.port,
      logDir,
      name: 'server-oidc',
      env,
    });
  // Started once for the migrations, then again after the seed: a process that has seen nothing.
  let server = await start();
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY * 2 });
  try {
    // Accounts with a live portal session each (no password is checked here), and a confidential
    // client registered the way an operator does it: the built CLI.
    await seed(db.url, ACCOUNTS, 'bench-not-a-hash');
    await server.stop();
    server = await start();
    const client = JSON.parse(
      execFileSync(
        process.execPath,
        [
          resolve(ctx.dist, 'server/cli/main.js'),
          'client',
          'create',
          '--name',
          'Bench',
          '--redirect-uri',
          REDIRECT_URI,
          '--json',
        ],
        {
          env: { PATH: process.env.PATH, DATABASE_URL: db.url, DATA_DIR: logDir },
          encoding: 'utf8',
        },
      ),
    );
    const basic = `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString('base64')}`;
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const makers = Array.from({ length: ACCOUNTS }, (_, i) =>
      codeMaker(base, agent, client.clientId, challenge, i + 1),
    );
    /** Codes for one exchange round, made by all the browsers at once. */
    const makeCodes = async (count) => {
      const codes = [];
      await Promise.all(
        makers.map(async (make) => {
          while (codes.length < count) codes.push(await make());
        }),
      );
      return codes;
    };
    const tokenRequest = (form) => ({
      method: 'POST',
      path: '/oidc/token',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    // One refresh-token chain per loop: each refresh spends its token and gives the next.
    const chains = [];

    /** Each round: what it needs made first (not timed), then the timed run. */
    const rounds = {
      bare: {
        prepare: async () => null,
        run: (_, seconds) =>
          drive(base, agent, () => ({ request: { path: '/api/config' } }), seconds),
      },
      exchange: {
        prepare: () => makeCodes(CODES_PER_ROUND),
        // Until the round's codes are spent.
        run: (codes) =>
          drive(
            base,
            agent,
            (worker) => {
              const code = codes.pop();
              if (!code) return null;
              return {
                request: tokenRequest({
                  grant_type: 'authorization_code',
                  code,
                  redirect_uri: REDIRECT_URI,
                  code_verifier: verifier,
                }),
                answered: (res) => {
                  chains[worker] ??= JSON.parse(res.body).refresh_token;
                },
              };
            },
            3600,
          ),
      },
      refresh: {
        prepare: async () => null,
        run: (_, seconds) =>
          drive(
            base,
            agent,
            (worker) => ({
              request: tokenRequest({ grant_type: 'refresh_token', refresh_token: chains[worker] }),
              answered: (res) => {
                chains[worker] = JSON.parse(res.body).refresh_token;
              },
            }),
            seconds,
          ),
      },
    };

    // Warm-up: a round of each, not counted (the exchange round also starts the refresh chains).
    for (const name of ['bare', 'exchange', 'refresh']) {
      const round = rounds[name];
      await round.run(await round.prepare(), quick ? 1 : 3);
    }
    if (chains.filter(Boolean).length < CONCURRENCY)
      throw new Error('the exchanges gave too few refresh tokens');

    const totals = Object.fromEntries(
      Object.keys(rounds).map((name) => [
        name,
        { ok: 0, failed: 0, seconds: 0, cpu: 0, latencies: [], client: [], steal: stealMeter() },
      ]),
    );
    for (let block = 0; block < BLOCKS; block += 1) {
      const order =
        block % 2 === 0 ? ['bare', 'exchange', 'refresh'] : ['refresh', 'exchange', 'bare'];
      for (const name of order) {
        const total = totals[name];
        const measure = async () => {
          const prepared = await rounds[name].prepare();
          const meter = await cpuMeter(server.pid, db.url);
          const stop = total.steal.start();
          const result = await rounds[name].run(prepared, ROUND_SECONDS);
          stop();
          return { result, cpu: meter.stop() };
        };
        const { result, cpu } = await measure();
        total.ok += result.ok;
        total.failed += result.failed;
        total.seconds += result.duration;
        total.cpu = cpu === null || total.cpu === null ? null : total.cpu + cpu;
        total.latencies.push(...result.latencies);
        total.client.push(result.clientCpuCores);
        log(
          `${name}: ${result.ok} in ${num(result.duration, 2)} s (${num(result.ok / result.duration)}/s), ${result.failed} failed`,
        );
      }
    }
    const figures = Object.fromEntries(
      Object.entries(totals).map(([name, t]) => {
        t.latencies.sort((a, b) => a - b);
        return [
          name,
          {
            ok: t.ok,
            failed: t.failed,
            rate: t.ok / t.seconds,
            p50: percentile(t.latencies, 50),
            p99: percentile(t.latencies, 99),
            cpuPer: t.cpu === null || t.ok === 0 ? null : t.cpu / t.ok,
            clientCores: t.client.reduce((n, c) => n + c, 0) / t.client.length,
            steal: t.steal.share(),
          },
        ];
      }),
    );
    return {
      title: 'OpenID Connect: code exchange and refresh against the bare route',
      markdown: markdown(figures, logDir),
    };
  } finally {
    agent.destroy();
    await server.stop();
    await db.drop();
  }
}

function markdown(f, logDir) {
  const bare = f.bare;
  const row = (label, x, isBare) =>
    `| ${label} | ${num(x.rate)}/s | ${x.ok}${x.failed ? ` (+${x.failed} refused)` : ''} | ${num(x.p50, 1)} / ${num(x.p99, 1)} ms | ${x.cpuPer === null ? 'n/a' : ms(x.cpuPer)} | ${isBare ? '—' : pct(x.rate / bare.rate)} | ${isBare || x.cpuPer === null || bare.cpuPer === null ? '—' : pct(bare.cpuPer / x.cpuPer)} | ${num(x.clientCores, 2)} cores | ${pct(x.steal)} |`;
  return `Bare: \`GET /api/config\` (the same middleware as every API route, no database). Code
exchange: \`POST /oidc/token\` with \`grant_type=authorization_code\` (client_secret_basic, PKCE S256):
the provider finds and consumes the code, checks the account against the portal's rules again
(disabled, expired, locked, contract, temporary password), and issues an access token, a refresh
token and an RS256-signed id_token, each stored in PostgreSQL, plus the audit record. Refresh:
\`grant_type=refresh_token\`, which spends the refresh token (rotation), checks the account again
and issues new tokens. The client is registered with the built CLI (\`client create\`); ${ACCOUNTS}
seeded accounts with a live portal session each make the codes ahead of every exchange round (single
sign-on: one authorization request per code, not timed). The load generator is a Node loop in the
benchmark's process (keep-alive \`node:http\`, ${CONCURRENCY} requests always in flight) for all three
rows, so the ratios compare like with like; it cannot reuse a code or a refresh token, which rules out
wrk's fixed requests. After a round of each to warm up, the three alternate in ${BLOCKS} blocks
(bare, exchange, refresh, then the mirror image), ${ROUND_SECONDS}-second rounds for bare and refresh
and ${CODES_PER_ROUND} codes per exchange round. By CPU: the bare route's CPU per answer (server and
its PostgreSQL backends) over the row's.

| route | answers per second | answers | p50 / p99 | CPU per answer | by throughput | by CPU | load generator CPU | steal |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${row('bare `GET /api/config`', bare, true)}
${row('code exchange', f.exchange, false)}
${row('refresh (rotating)', f.refresh, false)}

Server logs of this run: \`${logDir}\` (deleted with the machine's temp files).`;
}

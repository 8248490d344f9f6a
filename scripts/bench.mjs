// `npm run bench`: runs every bench/*.mjs against the production build (dist/, or BENCH_DIST) and a
// real PostgreSQL (DATABASE_URL, or a throw-away embedded one), then writes docs/benchmarks.md.
// Each module default-exports `async function (ctx)` returning `{ title, markdown }`, with
// ctx = { databaseUrl, dist, log, port }: a server URL on which it may create and drop its own
// databases, the build to run, a logger, and the first of the ports it may use (BENCH_PORT, 3220).
// Not part of `npm test` or CI: it takes minutes and wants the machine to itself.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { embeddedServer } from '../bench/support/embedded.mjs';
import { wrkVersion } from '../bench/support/wrk.mjs';

const root = resolve(import.meta.dirname, '..');
const dist = resolve(root, process.env.BENCH_DIST ?? 'dist');
const port = Number(process.env.BENCH_PORT ?? 3220);
const only = process.argv.slice(2);
const log = (...args) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...args);

if (!existsSync(join(dist, 'server/main.js')) || !existsSync(join(dist, 'client/browser'))) {
  console.error(`no build in ${dist}: run \`npm run build\` first (or set BENCH_DIST)`);
  process.exit(1);
}
if (!wrkVersion()) {
  console.error('wrk is missing: `apt-get install -y wrk` (the read runs use it)');
  process.exit(1);
}

async function postgresVersion(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query('SHOW server_version')).rows[0].server_version;
  } finally {
    await client.end();
  }
}

/** The commit of the checkout the build was made in (BENCH_DIST may be another worktree's). */
function gitRevision() {
  const cwd = dirname(dist);
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd }).toString();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd }).length > 0;
    return `${sha.trim()}${dirty ? ' with uncommitted changes' : ''}`;
  } catch {
    return 'unknown';
  }
}

/** The last line of every section: when, from which build and on which CPU it was measured. */
const measuredLine = (when, revision, cpu) =>
  `_Measured on ${when} UTC, build from ${revision}, on ${cpu}._`;

async function settingsOfBuild() {
  const load = (path) => import(pathToFileURL(join(dist, path)).href);
  const hashing = await load('server/password-hashing/password-hashing.config.js');
  const argon2 = hashing.readPasswordHashingSettings(process.env);
  const gate = hashing.readHashingGateSettings(process.env);
  // Builds from before the server sized libuv's pool ran every hash on its default 4 threads.
  const threads = existsSync(join(dist, 'server/password-hashing/hashing-threads.js'))
    ? (await load('server/password-hashing/hashing-threads.js')).planHashingThreads(process.env)
        .pool
    : null;
  return { argon2, gate, threads };
}

/**
 * A run of some modules only (`npm run bench -- metrics`) replaces their sections of the file as
 * the last run left it and keeps the others where they were; each section's last line says which
 * run and build it comes from.
 */
async function withKeptSections(out, ran) {
  let previous;
  try {
    previous = await readFile(out, 'utf8');
  } catch {
    return { body: ran, note: '' };
  }
  const titleOf = (section) => section.slice(0, section.indexOf('\n')).trim();
  // The title and introduction, then "Machine and versions" (this run's), then the sections.
  const [, , ...old] = previous.split(/^(?=## )/m);
  const fresh = new Map(ran.map((section) => [titleOf(section), section]));
  const body = old.map((section) => {
    const title = titleOf(section);
    const replaced = fresh.get(title);
    fresh.delete(title);
    return (replaced ?? section).trimEnd() + '\n';
  });
  body.push(...fresh.values());
  const names = ran.map((section) => `*${titleOf(section).slice(3)}*`).join(', ');
  const note = `
This run measured ${names} only (\`npm run bench -- ${only.join(' ')}\`); every other section
is kept from an earlier run, as its last line says (the table above describes this run).
`;
  return { body, note };
}

const embedded = process.env.DATABASE_URL
  ? undefined
  : await embeddedServer(Number(process.env.BENCH_EMBEDDED_DB_PORT ?? 54341));
const databaseUrl = process.env.DATABASE_URL ?? embedded.url;
const sections = [];
const failed = [];
const started = new Date();
try {
  const files = (await readdir(join(root, 'bench')))
    .filter((f) => f.endsWith('.mjs'))
    .filter((f) => only.length === 0 || only.includes(f.replace(/\.mjs$/, '')))
    .sort();
  for (const [index, file] of files.entries()) {
    log(`${file}`);
    try {
      const { default: run } = await import(pathToFileURL(join(root, 'bench', file)).href);
      const section = await run({
        databaseUrl,
        dist,
        log: (...args) => log(`${file}:`, ...args),
        // Twenty ports each, so that modules never meet.
        port: port + index * 20,
      });
      sections.push(section);
    } catch (error) {
      // One broken module must not cost the others' figures; the run still fails at the end.
      failed.push(file);
      log(`${file} failed:`, error);
      sections.push({
        title: `${file} (failed)`,
        markdown: `This benchmark failed in this run: \`${String(error?.message ?? error).split('\n')[0]}\``,
      });
    }
  }

  const { argon2, gate, threads } = await settingsOfBuild();
  const cpu = cpus()[0]?.model ?? 'unknown';
  const versions = JSON.parse(
    await (await import('node:fs/promises')).readFile(join(root, 'package.json'), 'utf8'),
  );
  const header = `# Benchmarks

Written by \`npm run bench\` (scripts/bench.mjs and bench/*.mjs) on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC; do not edit by hand.
Every figure is set against a baseline measured in the same run on the same machine, so the ratios
carry over to other machines better than the absolute numbers do.

## Machine and versions

| | |
| --- | --- |
| CPU | ${cpu}, ${availableParallelism()} cores available |
| Memory | ${(totalmem() / 2 ** 30).toFixed(1)} GiB |
| Node.js | ${process.version} |
| PostgreSQL | ${await postgresVersion(databaseUrl)} (${embedded ? 'embedded, started for this run' : 'DATABASE_URL'}) |
| argon2 | ${versions.dependencies.argon2}: argon2id m=${argon2.memoryKib} KiB, t=${argon2.timeCost}, p=${argon2.parallelism} |
| Hashing gate | ${gate.concurrency} at once, ${gate.queueLimit} waiting, ${gate.queueWaitMs} ms wait at most; libuv's pool: ${threads === null ? "4 threads (libuv's default: this build does not size it)" : `${threads} threads`} |
| Load generators | wrk ${wrkVersion() ?? '(missing)'} (Debian's package), one thread, for sign-ins and the 64-connection read runs; autocannon ${versions.devDependencies.autocannon}, in the benchmark's own process, for the 500 sign-ins at once |
| Build | \`${dist.replace(`${root}/`, '')}\` from ${gitRevision()} |

The load generator runs on the same two cores as the server (and PostgreSQL): there is no third
machine. Each section says how much CPU it used during its runs (in cores, wrk's read from /proc),
which is CPU the server did not have; baselines that run without it (the raw hash rate) are
therefore a little generous to the limit, never to Tobira. wrk replaced autocannon because
autocannon took a fifth of a core at 8,000 requests per second (0.21 cores in the run of 2026-11-28
08:36), timed answers inside its own busy event loop, and spent 0.45 ms of CPU per sign-in against
wrk's 0.07 ms.
`;
  const out = join(root, 'docs/benchmarks.md');
  const measured = measuredLine(
    started.toISOString().slice(0, 16).replace('T', ' '),
    gitRevision(),
    cpu,
  );
  const ran = sections.map((s) => `## ${s.title}\n\n${s.markdown.trim()}\n\n${measured}\n`);
  const { body, note } =
    only.length > 0 ? await withKeptSections(out, ran) : { body: ran, note: '' };
  await writeFile(out, `${header}${note}\n${body.join('\n')}`);
  log(`wrote ${out}`);
} finally {
  await embedded?.stop();
}
if (failed.length > 0) {
  console.error(`failed: ${failed.join(', ')}`);
  process.exit(1);
}

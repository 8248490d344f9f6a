// `npm run lighthouse`: Lighthouse (performance and accessibility, its default mobile profile with
// simulated throttling) on /login and, signed in, on the top page of the production build (dist/,
// or LIGHTHOUSE_DIST), in Japanese and in English, with Debian's Chromium (CHROME_PATH, default
// /usr/bin/chromium). Each page is audited LIGHTHOUSE_RUNS times (default 3) and its median run
// by performance kept, as Lighthouse's own docs advise against one run's variance. Writes
// docs/lighthouse.md, then fails (exit 1) if a page scores below its budget: performance 95,
// accessibility 100. Uses DATABASE_URL's server for a database of its own, or an embedded one.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import puppeteer from 'puppeteer-core';
import { embeddedServer } from '../bench/support/embedded.mjs';
import { XSRF, freshDatabase, startServer } from '../bench/support/harness.mjs';
import { startNginx } from '../bench/support/nginx.mjs';
import { PAGES, localeDirs, measurePage } from './check-login-budget.mjs';

const root = resolve(import.meta.dirname, '..');
const dist = resolve(root, process.env.LIGHTHOUSE_DIST ?? 'dist');
const port = Number(process.env.LIGHTHOUSE_PORT ?? 3260);
const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const RUNS = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS ?? 3));
/** The least score each audited page must reach, per category; the run fails below. */
export const BUDGETS = { performance: 95, accessibility: 100 };
const HISTORY_MARKER = '<!-- history: kept as it is by npm run lighthouse -->';
const LOCALES = [
  ['ja', 'ja,en;q=0.5'],
  ['en', 'en-US,en;q=0.9'],
];
const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const log = (...args) =>
  console.log(`[lighthouse ${new Date().toISOString().slice(11, 19)}]`, ...args);

if (!existsSync(join(dist, 'server/main.js'))) {
  console.error(`no build in ${dist}: run \`npm run build\` first (or set LIGHTHOUSE_DIST)`);
  process.exit(1);
}

function cookiesOf(res) {
  return Object.fromEntries(
    res.headers.getSetCookie().map((c) => {
      const pair = c.split(';')[0];
      const eq = pair.indexOf('=');
      return [pair.slice(0, eq), pair.slice(eq + 1)];
    }),
  );
}

/** An account issued with the CLI, signed in and past its forced password change: its session token. */
async function signedInCookie(base, databaseUrl) {
  const username = `lighthouse-${Date.now()}`;
  const issued = JSON.parse(
    execFileSync(
      process.execPath,
      [join(dist, 'server/cli/main.js'), 'account', 'create', '--username', username, '--json'],
      { env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: 'utf8' },
    ),
  );
  const headers = {
    'content-type': 'application/json',
    cookie: `XSRF-TOKEN=${XSRF}`,
    'x-xsrf-token': XSRF,
  };
  const signIn = await globalThis.fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ username, password: issued.temporaryPassword }),
  });
  if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status}`);
  const temporary = cookiesOf(signIn).tobira_session;
  const newPassword = `Lighthouse-${Date.now()}-Kx7#`;
  const changed = await globalThis.fetch(`${base}/api/auth/password`, {
    method: 'POST',
    headers: { ...headers, cookie: `tobira_session=${temporary}; XSRF-TOKEN=${XSRF}` },
    body: JSON.stringify({
      currentPassword: issued.temporaryPassword,
      newPassword,
      newPasswordConfirmation: newPassword,
    }),
  });
  if (!changed.ok) throw new Error(`password change failed: ${changed.status}`);
  return cookiesOf(changed).tobira_session;
}

/**
 * Puts the session cookie in the browser's cookie jar. (A Cookie header in Lighthouse's
 * extraHeaders loses to the jar once the server has set XSRF-TOKEN there.)
 */
async function setSessionCookie(chrome, base, token) {
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
  try {
    const page = await browser.newPage();
    await page.setCookie({ name: 'tobira_session', value: token, url: base, httpOnly: true });
    // Storage reset also empties the HTTP cache; without it the second page would load warm.
    const cdp = await page.createCDPSession();
    await cdp.send('Network.clearBrowserCache');
    await page.close();
  } finally {
    await browser.disconnect();
  }
}

async function auditOnce(url, chrome, acceptLanguage, keepCookies) {
  const result = await lighthouse(url, {
    port: chrome.port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility'],
    // The server picks the locale build by Accept-Language (no language cookie is set here).
    extraHeaders: { 'Accept-Language': acceptLanguage },
    // Lighthouse clears the origin's storage, cookies included, before a run unless told not to.
    disableStorageReset: keepCookies,
  });
  const { lhr } = result;
  // LIGHTHOUSE_JSON_DIR: every run's full report too, for a closer look.
  if (process.env.LIGHTHOUSE_JSON_DIR) {
    const name = `${new URL(url).pathname.replace(/\W+/g, '_')}${acceptLanguage.slice(0, 2)}-${Date.now()}.json`;
    await writeFile(join(process.env.LIGHTHOUSE_JSON_DIR, name), JSON.stringify(lhr));
  }
  const metric = (id) => lhr.audits[id]?.displayValue ?? 'n/a';
  const failing = Object.values(lhr.audits)
    .filter(
      (a) =>
        lhr.categories.accessibility.auditRefs.some((r) => r.id === a.id && r.weight > 0) &&
        a.score !== null &&
        a.score < 1,
    )
    .map((a) => a.id);
  return {
    finalUrl: lhr.finalDisplayedUrl,
    performance: Math.round(lhr.categories.performance.score * 100),
    accessibility: Math.round(lhr.categories.accessibility.score * 100),
    fcp: metric('first-contentful-paint'),
    lcp: metric('largest-contentful-paint'),
    tbt: metric('total-blocking-time'),
    cls: metric('cumulative-layout-shift'),
    failing,
    // Which locale build answered: its files are under /ja/ or /en/.
    builds: [
      ...new Set(
        (lhr.audits['network-requests']?.details?.items ?? [])
          .map((item) => /^https?:\/\/[^/]+\/(ja|en)\//.exec(item.url)?.[1])
          .filter(Boolean),
      ),
    ],
    version: lhr.lighthouseVersion,
    userAgent: lhr.environment.hostUserAgent,
  };
}

/** RUNS audits of one page; the median by performance score (the lower middle one if even). */
async function audit(url, chrome, acceptLanguage, before = async () => {}, keepCookies = false) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    await before();
    runs.push(await auditOnce(url, chrome, acceptLanguage, keepCookies));
  }
  const sorted = [...runs].sort((a, b) => a.performance - b.performance);
  return { ...sorted[Math.floor((sorted.length - 1) / 2)], runs: runs.map((r) => r.performance) };
}

// Lighthouse simulates a slow CPU from the tasks it observes: a busy machine inflates them.
const loadAtStart = `${loadavg()[0].toFixed(1)} on ${cpus().length} cores`;
const embedded = process.env.DATABASE_URL
  ? undefined
  : await embeddedServer(Number(process.env.LIGHTHOUSE_EMBEDDED_DB_PORT ?? 54342));
const db = await freshDatabase(
  process.env.DATABASE_URL ?? embedded.url,
  `tobira_lighthouse_${port}`,
);
const logDir = await mkdtemp(join(tmpdir(), 'tobira-lighthouse-'));
const server = await startServer({ dist, databaseUrl: db.url, port, logDir, name: 'server' });
// Through nginx as docker/nginx.conf sets it up (gzip included): what a browser gets in a deployment.
const proxy = await startNginx(port + 1, port);
const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: CHROME_FLAGS });
try {
  const token = await signedInCookie(server.base, db.url);
  const pages = [];
  for (const [locale, acceptLanguage] of LOCALES) {
    const login = await audit(`${proxy.base}/login`, chrome, acceptLanguage);
    pages.push([`/login`, locale, login]);
    log('/login', locale, JSON.stringify(login));
  }
  for (const [locale, acceptLanguage] of LOCALES) {
    // Storage reset is off for these runs, which also keeps the HTTP cache: emptied before each.
    const top = await audit(
      `${proxy.base}/`,
      chrome,
      acceptLanguage,
      () => setSessionCookie(chrome, proxy.base, token),
      true,
    );
    if (top.finalUrl !== `${proxy.base}/`) {
      throw new Error(`the signed-in audit ended at ${top.finalUrl}, not the top page`);
    }
    pages.push(['/ (signed in)', locale, top]);
    log('/ (signed in)', locale, JSON.stringify(top));
  }
  for (const [page, locale, r] of pages) {
    if (r.builds.join() !== locale) {
      throw new Error(`the ${locale} audit of ${page} loaded the builds ${r.builds.join(', ')}`);
    }
  }
  const first = pages[0][2];
  const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
  const bundles = Object.keys(PAGES).flatMap((page) =>
    localeDirs(join(dist, 'client/browser')).map((dir) => {
      const { html, files, raw, gzip } = measurePage(dir, page);
      const { limitKb } = PAGES[page];
      return `| ${PAGES[page].label} | ${dir.split('/').at(-1)} | ${html} | ${files.length} | ${kb(raw)} | ${kb(gzip)} | ${limitKb} kB | ${((gzip / (limitKb * 1000)) * 100).toFixed(0)} % |`;
    }),
  );
  const below = pages.flatMap(([page, locale, r]) =>
    Object.entries(BUDGETS)
      .filter(([category, least]) => r[category] < least)
      .map(([category, least]) => `${page} (${locale}): ${category} ${r[category]} < ${least}`),
  );
  const rows = pages.map(
    ([page, locale, r]) =>
      `| \`${page}\` | ${locale} | ${r.finalUrl.replace(proxy.base, '')} | ${r.performance} (${r.runs.join(', ')}) | ${r.accessibility} | ${r.fcp} | ${r.lcp} | ${r.tbt} | ${r.cls} | ${r.failing.join(', ') || 'none'} |`,
  );
  // Everything from the history marker on is kept as it is: figures of earlier runs, by hand.
  const docPath = join(root, 'docs/lighthouse.md');
  const previous = existsSync(docPath) ? await readFile(docPath, 'utf8') : '';
  const history = previous.includes(HISTORY_MARKER)
    ? previous.slice(previous.indexOf(HISTORY_MARKER))
    : '';
  await writeFile(
    docPath,
    `# Lighthouse

Written by \`npm run lighthouse\` (scripts/lighthouse.mjs) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; do not edit by hand, but for the history at the end.
Lighthouse ${first.version}, its default mobile profile (simulated slow 4G and a 4× slower CPU),
categories performance and accessibility, in Japanese and in English (the server picks the
locale build by the Accept-Language header Lighthouse sends), ${RUNS} runs of each page of which the
median by performance is shown (every run's score in brackets), against the production build served by the Tobira server
behind nginx with gzip as in docker/nginx.conf, on this machine, in ${first.userAgent.match(/(?:Headless)?Chrome\/[\d.]+/)?.[0] ?? 'Chromium'} (Debian's Chromium,
\`${CHROME_FLAGS.join(' ')}\`). The top page is audited signed in: an account issued with the
CLI, its temporary password changed over the API, its session cookie put in the browser's jar
(puppeteer-core, which Lighthouse ships) and Lighthouse's storage reset turned off for that run.
The machine's load average when the run started: ${loadAtStart} (the total blocking time,
simulated from the tasks Chromium ran, grows with it).

Budgets (the run fails below them): performance ${BUDGETS.performance}, accessibility ${BUDGETS.accessibility}. ${below.length === 0 ? 'Every page met them.' : `Not met: ${below.join('; ')}.`}

| page | language | ended at | performance (runs) | accessibility | first contentful paint | largest contentful paint | total blocking time | cumulative layout shift | accessibility audits not passed |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

## The pages' JavaScript

What a browser loads to show the page: the scripts and module preloads of the HTML the server
sends for it (the prerendered \`login/index.html\` for \`/login\`, the prerendered \`index.html\` for
the top page), the route's lazy chunk, and every chunk those import
(\`scripts/check-login-budget.mjs\`, which \`npm run build\` runs after \`ng build\` and which fails
the build above a budget). Gzip at level 6, per file, as a server or nginx (\`gzip_comp_level 5\`)
would send them.

| page | locale | from | files | raw | gzip | budget (gzip) | of the budget |
| --- | --- | --- | --- | --- | --- | --- | --- |
${bundles.join('\n')}
${history ? `\n${history}` : ''}`,
  );
  log('wrote docs/lighthouse.md');
  if (below.length > 0) {
    console.error(`below the Lighthouse budgets: ${below.join('; ')}`);
    process.exitCode = 1;
  }
} finally {
  await chrome.kill();
  await proxy.stop();
  await server.stop();
  await db.drop();
  await embedded?.stop();
}

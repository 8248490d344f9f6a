// `npm run lighthouse`: Lighthouse (performance and accessibility, its default mobile profile with
// simulated throttling) on /login and, signed in, on the top page of the production build (dist/,
// or LIGHTHOUSE_DIST), with Debian's Chromium (CHROME_PATH, default /usr/bin/chromium). Writes
// docs/lighthouse.md. Uses DATABASE_URL's server for a database of its own, or an embedded one.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import puppeteer from 'puppeteer-core';
import { embeddedServer } from '../bench/support/embedded.mjs';
import { XSRF, freshDatabase, startServer } from '../bench/support/harness.mjs';
import { startNginx } from '../bench/support/nginx.mjs';
import { DEFAULT_LIMIT_KB, localeDirs, measureLoginRoute } from './check-login-budget.mjs';

const root = resolve(import.meta.dirname, '..');
const dist = resolve(root, process.env.LIGHTHOUSE_DIST ?? 'dist');
const port = Number(process.env.LIGHTHOUSE_PORT ?? 3260);
const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
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

async function audit(url, chrome, keepCookies = false) {
  const result = await lighthouse(url, {
    port: chrome.port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility'],
    // Lighthouse clears the origin's storage, cookies included, before a run unless told not to.
    disableStorageReset: keepCookies,
  });
  const { lhr } = result;
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
    version: lhr.lighthouseVersion,
    userAgent: lhr.environment.hostUserAgent,
  };
}

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
  const login = await audit(`${proxy.base}/login`, chrome);
  await setSessionCookie(chrome, proxy.base, token);
  const pages = [
    ['/login', login],
    ['/ (signed in)', await audit(`${proxy.base}/`, chrome, true)],
  ];
  if (pages[1][1].finalUrl !== `${proxy.base}/`) {
    throw new Error(`the signed-in audit ended at ${pages[1][1].finalUrl}, not the top page`);
  }
  for (const [page, r] of pages) log(page, JSON.stringify(r));
  const [, first] = pages[0];
  const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
  const bundles = localeDirs(join(dist, 'client/browser')).map((dir) => {
    const { files, raw, gzip } = measureLoginRoute(dir);
    return `| ${dir.split('/').at(-1)} | ${files.length} | ${kb(raw)} | ${kb(gzip)} | ${DEFAULT_LIMIT_KB} kB | ${((gzip / (DEFAULT_LIMIT_KB * 1000)) * 100).toFixed(0)} % |`;
  });
  const rows = pages.map(
    ([page, r]) =>
      `| \`${page}\` | ${r.finalUrl.replace(proxy.base, '')} | ${r.performance} | ${r.accessibility} | ${r.fcp} | ${r.lcp} | ${r.tbt} | ${r.cls} | ${r.failing.join(', ') || 'none'} |`,
  );
  await writeFile(
    join(root, 'docs/lighthouse.md'),
    `# Lighthouse

Written by \`npm run lighthouse\` (scripts/lighthouse.mjs) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; do not edit by hand.
Lighthouse ${first.version}, its default mobile profile (simulated slow 4G and a 4× slower CPU),
categories performance and accessibility, against the production build served by the Tobira server
behind nginx with gzip as in docker/nginx.conf, on this machine, in ${first.userAgent.match(/(?:Headless)?Chrome\/[\d.]+/)?.[0] ?? 'Chromium'} (Debian's Chromium,
\`${CHROME_FLAGS.join(' ')}\`). The top page is audited signed in: an account issued with the
CLI, its temporary password changed over the API, its session cookie put in the browser's jar
(puppeteer-core, which Lighthouse ships) and Lighthouse's storage reset turned off for that run.

| page | ended at | performance | accessibility | first contentful paint | largest contentful paint | total blocking time | cumulative layout shift | accessibility audits not passed |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

## The login route's JavaScript

What a browser loads to show \`/login\`: index.html's scripts and module preloads, the login
page's lazy chunk, and every chunk those import (\`scripts/check-login-budget.mjs\`, which
\`npm run build\` runs after \`ng build\` and which fails the build above the budget). Gzip at
level 6, per file, as a server or nginx (\`gzip_comp_level 5\`) would send them.

| locale | files | raw | gzip | budget (gzip) | of the budget |
| --- | --- | --- | --- | --- | --- |
${bundles.join('\n')}
`,
  );
  log('wrote docs/lighthouse.md');
} finally {
  await chrome.kill();
  await proxy.stop();
  await server.stop();
  await db.drop();
  await embedded?.stop();
}

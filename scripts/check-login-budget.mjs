// The login route's JavaScript budget, checked on the built client (run by `npm run build:client`).
// Angular's budgets count raw bytes of the initial bundle only; what a user waits for on /login is
// the initial bundle plus the login page's lazy chunk, over the wire, gzipped. So this follows the
// real graph: index.html's scripts and modulepreloads, the chunk main.js loads for path "login",
// and every chunk those import statically; it gzips each one and fails above the budget.
//   node scripts/check-login-budget.mjs [browser-dir] [--limit-kb N]   (default 150, or LOGIN_JS_BUDGET_KB)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export const DEFAULT_LIMIT_KB = 150;

// Quotes of any kind: Angular 22's minifier writes string literals as template literals.
function staticImports(code) {
  return [...code.matchAll(/(?:from|import)\s*["'`]\.\/([\w.-]+\.js)["'`]/g)].map((m) => m[1]);
}

/** The JavaScript files a browser loads to show /login, with raw and gzip sizes in bytes. */
export function measureLoginRoute(localeDir) {
  const html = readFileSync(join(localeDir, 'index.html'), 'utf8');
  const entries = [
    ...html.matchAll(/<script[^>]*\ssrc="([\w.-]+\.js)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([\w.-]+\.js)"/g),
  ].map((m) => m[1]);
  const main = entries.find((f) => f.startsWith('main-'));
  if (!main) throw new Error(`no main-*.js in ${localeDir}/index.html`);
  const route = readFileSync(join(localeDir, main), 'utf8').match(
    /path:["'`]login["'`][^}]*?import\(["'`]\.\/([\w.-]+\.js)["'`]\)/,
  );
  if (!route) throw new Error(`the "login" route's lazy chunk was not found in ${main}`);

  const files = new Set();
  const pending = [...entries, route[1]];
  while (pending.length > 0) {
    const file = pending.pop();
    if (files.has(file)) continue;
    files.add(file);
    pending.push(...staticImports(readFileSync(join(localeDir, file), 'utf8')));
  }
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(join(localeDir, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 6 }).length;
  }
  return { files: [...files].sort(), raw, gzip };
}

/** Every locale the build wrote (browser/ja, browser/en, ...), or the folder itself if unlocalized. */
export function localeDirs(browserDir) {
  if (existsSync(join(browserDir, 'index.html'))) return [browserDir];
  return readdirSync(browserDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(browserDir, d.name, 'index.html')))
    .map((d) => join(browserDir, d.name));
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

function main(args) {
  const limitAt = args.indexOf('--limit-kb');
  const limitKb = Number(
    limitAt >= 0 ? args[limitAt + 1] : (process.env.LOGIN_JS_BUDGET_KB ?? DEFAULT_LIMIT_KB),
  );
  const dir =
    args.find((a, i) => !a.startsWith('--') && (limitAt < 0 || i !== limitAt + 1)) ??
    'dist/client/browser';
  const dirs = localeDirs(dir);
  if (dirs.length === 0) throw new Error(`no built client in ${dir}`);
  let over = false;
  for (const localeDir of dirs) {
    const { files, raw, gzip } = measureLoginRoute(localeDir);
    const fits = gzip <= limitKb * 1000;
    over ||= !fits;
    console.log(
      `login route JavaScript (${localeDir}): ${files.length} files, ${kb(raw)} raw, ${kb(gzip)} gzip; budget ${limitKb} kB gzip: ${fits ? 'ok' : 'OVER BUDGET'}`,
    );
  }
  if (over) {
    console.error(`the login route's initial JavaScript is over its budget of ${limitKb} kB gzip`);
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));

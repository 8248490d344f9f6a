// `npm test`: every suite, against DATABASE_URL when it is set, otherwise against a throw-away
// embedded PostgreSQL (so a fresh machine needs nothing installed). Suites: server (Jest: unit,
// integration, HTTP end-to-end), client (Angular/Vitest), then the browser suite (Playwright on
// Chromium) against the production build, then the build's own checks (two instances behind nginx,
// the login route's JavaScript budget).
import { spawn } from 'node:child_process';
import { delimiter, dirname } from 'node:path';
import { embeddedServer } from '../bench/support/embedded.mjs';

const steps = [
  ['server', ['npm', 'run', 'test:server', '--', '--ci']],
  ['client', ['npm', 'run', 'test:client']],
  ['build', ['npm', 'run', 'build']],
  ['browser', ['npm', 'run', 'test:e2e']],
  ['scale', ['npm', 'run', 'test:scale', '--', '--ci']],
];
const only = process.argv.slice(2);

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

// The runners' own closing lines, read so that the summary can state one total.
const COUNTS = [
  /^Tests:\s+(?:(\d+) failed, )?(?:\d+ skipped, )?(?:(\d+) passed, )?\d+ total/m, // Jest
  /^\s*Tests\s+(?:(\d+) failed \| )?(?:(\d+) passed)/m, // Vitest
];

function countsOf(output) {
  const plain = output.replace(ANSI, '');
  for (const pattern of COUNTS) {
    const match = plain.match(pattern);
    if (match) return { failed: Number(match[1] ?? 0), passed: Number(match[2] ?? 0) };
  }
  const passed = plain.match(/^\s+(\d+) passed \(/m); // Playwright
  const failed = plain.match(/^\s+(\d+) failed$/m);
  if (passed || failed)
    return { failed: Number(failed?.[1] ?? 0), passed: Number(passed?.[1] ?? 0) };
  return { failed: 0, passed: 0 };
}

function run(name, [command, ...args], env) {
  return new Promise((resolve) => {
    console.log(`\n=== ${name}: ${[command, ...args].join(' ')}`);
    const child = spawn(command, args, { stdio: ['inherit', 'pipe', 'pipe'], env });
    let output = '';
    for (const [stream, sink] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      stream.on('data', (chunk) => {
        sink.write(chunk);
        output += chunk.toString();
      });
    }
    child.on('close', (code, signal) =>
      resolve({ code: code ?? (signal ? 1 : 0), ...countsOf(output) }),
    );
  });
}

// Every suite on this Node.js: npm, Jest, the Angular CLI, Playwright's web server and the scale
// test's instances find `node` on PATH or spawn process.execPath, so this one's folder goes first.
const env = { ...process.env, PATH: [dirname(process.execPath), process.env.PATH].join(delimiter) };
console.log(`Node.js ${process.version} (${process.execPath})`);
let embedded;
if (!env.DATABASE_URL) {
  console.log('DATABASE_URL is not set: starting an embedded PostgreSQL for the tests');
  embedded = await embeddedServer(Number(process.env.TEST_EMBEDDED_DB_PORT ?? 54339), {
    purpose: 'test',
    maxConnections: 200,
  });
  env.DATABASE_URL = embedded.url;
}

const results = [];
try {
  for (const [name, command] of steps) {
    if (only.length > 0 && !only.includes(name)) continue;
    const result = await run(name, command, env);
    results.push([name, result]);
    if (result.code !== 0) break;
  }
} finally {
  await embedded?.stop();
}
console.log('\n=== summary');
for (const [name, { code, passed, failed }] of results) {
  const counts = passed + failed > 0 ? ` (${passed} passed, ${failed} failed)` : '';
  console.log(`${name}: ${code === 0 ? 'ok' : `FAILED with exit ${code}`}${counts}`);
}
const total = { passed: 0, failed: 0 };
for (const [, r] of results) {
  total.passed += r.passed;
  total.failed += r.failed;
}
const ok = results.length > 0 && results.every(([, r]) => r.code === 0);
// One plain closing line for whoever reads the log: every test of every suite.
console.log(`${total.passed} passed, ${ok ? total.failed : Math.max(total.failed, 1)} failed`);
process.exit(ok ? 0 : 1);

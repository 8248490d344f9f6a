// CI's static check of docker/ (no Docker engine runs there, so the image is never built in CI; the
// image was built by hand on 2026-11-28 and its dist/ matched `npm run build`'s byte for byte):
// compose.yaml must parse and resolve (`docker-compose config -q`, or `docker compose`), and the
// Dockerfile must build with `npm run build` and ship that build's dist/ on a runtime stage that has
// production dependencies only, a non-root user and a health check.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const failures = [];
const check = (ok, message) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${message}`);
  if (!ok) failures.push(message);
};

function composeCommand() {
  for (const command of [['docker', 'compose'], ['docker-compose']]) {
    const probe = spawnSync(command[0], [...command.slice(1), 'version'], { stdio: 'ignore' });
    if (probe.status === 0) return command;
  }
  return null;
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// The Node.js major of package.json's "engines" ("^24.15.0": 24), on a slim Debian image.
const nodeMajor = pkg.engines.node.match(/\d+/)[0];
const nodeImage = new RegExp(`^node:${nodeMajor}(\\.\\d+)*-[a-z]+-slim$`);

const compose = composeCommand();
if (!compose) {
  check(false, 'docker compose or docker-compose is installed');
} else {
  const file = join(root, 'docker/compose.yaml');
  const run = spawnSync(compose[0], [...compose.slice(1), '-f', file, 'config', '-q'], {
    encoding: 'utf8',
  });
  check(run.status === 0, `${compose.join(' ')} -f docker/compose.yaml config -q ${run.stderr}`);
  const resolved = execFileSync(compose[0], [...compose.slice(1), '-f', file, 'config'], {
    encoding: 'utf8',
  });
  check(/^\s+lb:/m.test(resolved) && /^\s+db:/m.test(resolved), 'compose has db, app and lb');
  check(/replicas: ['"]?[2-9]/.test(resolved), 'compose runs two or more app replicas');
  check(!/POSTGRES_PASSWORD:\s/.test(resolved), 'no database password in compose.yaml itself');
  // The operator's view (docs/operations.md): readiness gates nginx, the metrics port stays on
  // compose's own network, and a stop leaves the server time to finish its requests.
  const app = resolved.split(/^ {2}app:$/m)[1]?.split(/^ {2}\S/m)[0] ?? '';
  check(
    /\/api\/health\/ready\b/.test(app),
    "compose's app health check is readiness (/api/health/ready)",
  );
  const metricsPort = app.match(/METRICS_PORT:\s*['"]?(\d+)/)?.[1];
  check(
    Boolean(metricsPort),
    `compose's app serves metrics on a port of their own (METRICS_PORT: ${metricsPort})`,
  );
  check(
    !new RegExp(`(published|target):\\s*['"]?${metricsPort}\\b|['"]${metricsPort}:`).test(resolved),
    'no service publishes the metrics port',
  );
  const grace = app.match(/stop_grace_period:\s*(\d+)s/)?.[1];
  const drain = app.match(/SHUTDOWN_TIMEOUT_SECONDS:\s*['"]?(\d+)/)?.[1];
  check(
    Number(grace) > Number(drain),
    `Docker waits longer (stop_grace_period ${grace}s) than the server drains (SHUTDOWN_TIMEOUT_SECONDS ${drain})`,
  );
  const composeNode = resolved.match(/^\s+NODE_IMAGE:\s*['"]?([^'"\s]+)/m)?.[1];
  check(
    nodeImage.test(composeNode ?? ''),
    `compose builds the app on Node.js ${nodeMajor} (NODE_IMAGE: ${composeNode})`,
  );
}

// docker/nginx.conf under Debian's nginx -t, inside a minimal http block and with the replicas'
// Docker DNS name (unknown here) replaced by an address.
{
  const dir = mkdtempSync(join(tmpdir(), 'tobira-nginx-check-'));
  const site = readFileSync(join(root, 'docker/nginx.conf'), 'utf8').replace(
    /server app:3000/g,
    'server 127.0.0.1:3000',
  );
  writeFileSync(join(dir, 'default.conf'), site);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((t) => `${t}_temp_path ${dir}/${t};`)
    .join(' ');
  writeFileSync(
    join(dir, 'nginx.conf'),
    `pid ${dir}/nginx.pid; error_log ${dir}/error.log; events {}\nhttp { access_log off; ${temp} include ${dir}/default.conf; }\n`,
  );
  const run = spawnSync(
    'nginx',
    ['-t', '-q', '-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')],
    {
      encoding: 'utf8',
    },
  );
  check(run.status === 0, `nginx -t accepts docker/nginx.conf ${run.stderr ?? run.error ?? ''}`);
  check(
    /^\s*proxy_set_header X-Request-Id \$request_id;/m.test(site) &&
      !/location\s+\/metrics/.test(site),
    'nginx sends its own X-Request-Id and does not proxy /metrics',
  );
  rmSync(dir, { recursive: true, force: true });
}

// Stages of the Dockerfile, with continuation lines joined.
const dockerfile = readFileSync(join(root, 'docker/Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
const stages = dockerfile
  .split(/^FROM\s+/m)
  .slice(1)
  .map((text) => ({ name: text.match(/^\S+\s+AS\s+(\S+)/i)?.[1], text }));
const defaultImage = dockerfile.match(/^ARG\s+NODE_IMAGE=(\S+)/m)?.[1] ?? '';
const images = stages.map((s) => s.text.match(/^\S+/)[0].replace('${NODE_IMAGE}', defaultImage));
check(
  images.length > 0 && images.every((image) => nodeImage.test(image)),
  `every stage runs on a Node.js ${nodeMajor} slim image (${images.join(', ')})`,
);
const build = stages.find((s) => /^RUN\s+npm run build\s*$/m.test(s.text));
const runtime = stages.at(-1);
check(Boolean(build?.name), 'a named build stage runs `npm run build`');
check(build !== runtime, 'the runtime stage is not the build stage');
check(
  new RegExp(`^COPY\\s+--from=${build?.name}\\s+/app/dist\\s+\\./dist\\s*$`, 'm').test(
    runtime.text,
  ),
  "the runtime stage copies the build stage's dist/",
);
check(
  /^RUN\s+npm ci\s+--omit=dev\s+--omit=optional\b/m.test(runtime.text),
  'the runtime stage installs production dependencies only, optional ones left out',
);
check(
  !/^RUN\s+npm ci(?!\s+--omit=dev\s+--omit=optional\b)/m.test(runtime.text),
  'the runtime stage installs nothing else with npm ci',
);
const user = runtime.text.match(/^USER\s+(\S+)/m)?.[1];
check(
  Boolean(user) && !['root', '0'].includes(user),
  `the runtime stage runs as a non-root user (${user})`,
);
check(
  /^HEALTHCHECK\s+.*\/api\/health\/ready\b/m.test(runtime.text),
  'the runtime stage has a health check on readiness (/api/health/ready)',
);
const cmd = runtime.text.match(/^CMD\s+\[(.*)\]/m)?.[1] ?? '';
check(
  cmd.includes('"dist/server/main.js"') && pkg.scripts['start:prod'] === 'node dist/server/main.js',
  'the image starts what `npm run start:prod` starts (dist/server/main.js)',
);

// The Grafana dashboard and the example alerts name only metrics the server has (its own, from
// server/metrics/metrics.service.ts, and prom-client's default process metrics).
{
  const source = readFileSync(join(root, 'server/metrics/metrics.service.ts'), 'utf8');
  const ours = new Set([...source.matchAll(/name: '(tobira_\w+)'/g)].map((m) => m[1]));
  const known = (name) =>
    ours.has(name.replace(/_(bucket|count|sum)$/, '')) || /^(process_|nodejs_|up$)/.test(name);
  const dashboard = JSON.parse(readFileSync(join(root, 'docker/grafana-dashboard.json'), 'utf8'));
  const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
  const alerts = readFileSync(join(root, 'docker/prometheus-alerts.yml'), 'utf8');
  const named = [...exprs, alerts].flatMap((text) =>
    [...text.matchAll(/\b((?:tobira|process|nodejs)_\w+)/g)].map((m) => m[1]),
  );
  const unknown = [...new Set(named)].filter((name) => !known(name));
  check(
    exprs.length > 0 && unknown.length === 0,
    `the dashboard and the alerts use only metrics the server has${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`,
  );
}

// The runtime stage installs production dependencies only (`npm ci --omit=dev --omit=optional`):
// every package the server's own code imports must be one, installed at the top of node_modules. A
// package that arrives only inside another (express, nested under @nestjs/platform-express),
// through a development tool or as an optional dependency is missing there, and the server stops
// at its first require.
{
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const imported = new Set();
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
        for (const [, spec] of readFileSync(path, 'utf8').matchAll(
          /(?:\bfrom\s+|\bimport\s+|\b(?:require|import)\()'([^'.][^']*)'/g,
        )) {
          if (spec.startsWith('node:')) continue;
          const parts = spec.split('/');
          imported.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
        }
      }
    }
  };
  walk(join(root, 'server'));
  const missing = [...imported].filter(
    (name) =>
      !(name in (pkg.dependencies ?? {})) ||
      ['dev', 'optional', 'devOptional'].some(
        (flag) => lock.packages[`node_modules/${name}`]?.[flag] === true,
      ),
  );
  check(
    missing.length === 0,
    `every package the server imports is a production dependency${missing.length ? ` (not: ${missing.join(', ')})` : ''}`,
  );
}

if (failures.length > 0) {
  console.error(`docker/: ${failures.length} check(s) failed`);
  process.exit(1);
}
console.log('docker/: static checks passed (the image itself is built only where Docker runs)');

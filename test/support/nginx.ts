// Debian's nginx in the foreground with a configuration of its own, for the forward-auth suite,
// the scale suite and the Lighthouse run (scripts/lighthouse.mjs imports this file as it is:
// Node strips its types, so it imports nothing but Node's own modules).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface NginxOptions {
  /** Where it listens, on 127.0.0.1. */
  port: number;
  /** Inside `http { }`: the upstreams and any directive for every server (gzip…). */
  http: string;
  /** Inside its `server { }`, after `listen`: the locations. */
  server: string;
  /** A path that answers 200 once nginx and what it proxies to are up. */
  probe?: string;
  workerConnections?: number;
  /** Its access log, in its folder (off unless asked). */
  accessLog?: boolean;
}

export interface Nginx {
  base: string;
  child: ChildProcess;
  /** Settles once `probe` answers 200; fails with the error log if nginx exits or never answers. */
  ready: Promise<void>;
  errorLog(): string;
  /** Stops it and removes its folder. */
  stop(): Promise<void>;
}

/** nginx with `options`, its pid, logs and temp files in a temp folder of its own. */
export function spawnNginx(options: NginxOptions): Nginx {
  const dir = mkdtempSync(join(tmpdir(), 'tobira-nginx-'));
  writeFileSync(
    join(dir, 'nginx.conf'),
    `${process.getuid?.() === 0 ? 'user root;' : ''}
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections ${options.workerConnections ?? 256}; }
http {
  access_log ${options.accessLog ? `${dir}/access.log` : 'off'};
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
${options.http}
  server {
    listen 127.0.0.1:${options.port};
${options.server}
  }
}
`,
  );
  const child = spawn(
    'nginx',
    ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')],
    {
      stdio: 'ignore',
    },
  );
  let exited = false;
  const exit = new Promise<void>((done) =>
    child.on('exit', () => {
      exited = true;
      done();
    }),
  );
  const base = `http://127.0.0.1:${options.port}`;
  const errorLog = (): string => {
    try {
      return readFileSync(join(dir, 'error.log'), 'utf8');
    } catch {
      return '';
    }
  };
  const ready = (async () => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (exited) throw new Error(`nginx exited:\n${errorLog()}`);
      const ok = await fetch(`${base}${options.probe ?? '/api/health'}`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`nginx did not answer:\n${errorLog()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    base,
    child,
    ready,
    errorLog,
    stop: async () => {
      if (!exited) child.kill('SIGTERM');
      await exit;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The proxy settings of docker/nginx.conf for a `location` that passes to `upstream`. */
export function proxyTo(upstream: string): string {
  return `      proxy_pass http://${upstream};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;`;
}

// nginx in front of one server, configured like docker/nginx.conf (proxy headers, gzip): for
// measuring what a browser gets in a deployment.
import { proxyTo, spawnNginx } from '../../test/support/nginx.ts';

export async function startNginx(port, upstreamPort) {
  const nginx = spawnNginx({
    port,
    http: `  gzip on;
  gzip_comp_level 5;
  gzip_min_length 1024;
  gzip_proxied any;
  gzip_vary on;
  gzip_types application/javascript text/css application/json image/svg+xml text/plain;
  upstream tobira { server 127.0.0.1:${upstreamPort}; keepalive 8; }`,
    server: `    location / {
${proxyTo('tobira')}
    }`,
  });
  try {
    await nginx.ready;
  } catch (error) {
    await nginx.stop();
    throw error;
  }
  return nginx;
}

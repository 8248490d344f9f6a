import type { TestApp } from './test-app';

/**
 * The routes anyone may call, without a session. Kept by hand, not read from the @Public()
 * marks, so that a route made public by mistake fails the suites that walk every other route.
 */
export const PUBLIC_PATHS = [
  '/api/auth/login',
  '/api/auth/passkey/options',
  '/api/auth/passkey/login',
  '/api/auth/verify',
  '/api/oidc/interaction/:uid',
  '/api/health',
  '/api/health/live',
  '/api/health/ready',
  '/api/config',
  '/api/password-policy',
];

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** Every GET and POST route of the API that needs a session. */
export function authenticatedRoutes(app: TestApp): { method: 'get' | 'post'; path: string }[] {
  const router = (app.app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } }).router;
  return router.stack
    .filter((layer) => layer.route && !layer.route.path.startsWith('/api/docs'))
    .flatMap((layer) =>
      Object.keys(layer.route!.methods)
        .filter((m): m is 'get' | 'post' => m === 'get' || m === 'post')
        .map((method) => ({ method, path: layer.route!.path })),
    )
    .filter((r) => r.path.startsWith('/api/') && !PUBLIC_PATHS.includes(r.path));
}

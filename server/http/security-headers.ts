import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * The policy of the client's pages. With a nonce (a page, see web-client.ts) the page's inline
 * styles and scripts that carry it may apply: the critical CSS and the prerendered page's styles,
 * the build's small scripts (one applies the full stylesheet once the page has painted, two record
 * clicks made before hydration), the loader of the prerendered page's scripts (web-client.ts), and
 * the styles Angular inserts. Nothing else inline is allowed.
 */
export function pageContentSecurityPolicy(nonce?: string): string {
  return [
    "default-src 'self'",
    nonce ? `script-src 'self' 'nonce-${nonce}'` : "script-src 'self'",
    nonce ? `style-src 'self' 'nonce-${nonce}'` : "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join(';');
}

/** JSON is never rendered as a document: the API's answers may load nothing and be framed nowhere. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none';frame-ancestors 'none'";

const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=()';
const HSTS = 'max-age=31536000; includeSubDomains';

/** The headers a helmet middleware sets, read once from a recording response. */
function headersSetBy(middleware: RequestHandler): [string, string][] {
  const recorded = new Map<string, string>();
  const res = {
    setHeader: (name: string, value: unknown) => recorded.set(name, String(value)),
    removeHeader: () => undefined,
  };
  let done = false;
  (middleware as unknown as (req: IncomingMessage, res: ServerResponse, next: () => void) => void)(
    {} as IncomingMessage,
    res as unknown as ServerResponse,
    () => (done = true),
  );
  if (!done) throw new Error('the header middleware did not finish synchronously');
  return [...recorded];
}

function isApi(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

/**
 * Security headers for every response. Helmet's fixed headers are computed once at start-up and
 * copied onto each response (running helmet's dozen middlewares per request cost a tenth of a
 * simple request's time); the Content-Security-Policy depends on what is answered:
 * - the API: nothing may load, and `Cache-Control: no-store`, since its answers are about a person;
 * - the client's pages and files: the page policy (the index page adds its style nonce itself);
 * - the API's documentation (Swagger UI, which sets inline styles): helmet's defaults with
 *   inline styles allowed, per request as before.
 * HSTS only when the request came over HTTPS (directly, or via a trusted proxy: see TRUST_PROXY).
 */
export function securityHeaders(apiPrefix: string): RequestHandler {
  const fixed = [
    ...headersSetBy(
      helmet({
        contentSecurityPolicy: false,
        referrerPolicy: { policy: 'no-referrer' },
        strictTransportSecurity: false,
      }),
    ),
    ['Permissions-Policy', PERMISSIONS_POLICY] as [string, string],
  ];
  const api: [string, string][] = [
    ...fixed,
    ['Content-Security-Policy', API_CONTENT_SECURITY_POLICY],
    ['Cache-Control', 'no-store'],
  ];
  const page: [string, string][] = [
    ...fixed,
    ['Content-Security-Policy', pageContentSecurityPolicy()],
  ];
  const docsHelmet = helmet({
    contentSecurityPolicy: {
      directives: {
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
  });
  const docsPrefix = `${apiPrefix}/docs`;

  const hsts = (req: Request, res: Parameters<RequestHandler>[1]) => {
    if (req.secure) res.setHeader('Strict-Transport-Security', HSTS);
  };
  return (req, res, next) => {
    const path = req.path;
    if (path.startsWith(docsPrefix)) {
      res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
      hsts(req, res);
      docsHelmet(req, res, next);
      return;
    }
    for (const [name, value] of isApi(path, apiPrefix) ? api : page) res.setHeader(name, value);
    hsts(req, res);
    next();
  };
}

import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { parseCookies } from './http/cookies';
import { csrfProtection, XSRF_COOKIE, XSRF_HEADER } from './http/csrf';
import type { HttpConfig } from './http/http.config';
import { oneLayer } from './http/one-layer';
import { OidcProviderService } from './oidc/oidc-provider.service';
import {
  middlewareErrorHandler,
  parseJsonBody,
  rejectUnacceptableInput,
  requireJsonContentType,
} from './http/request-body';
import { securityHeaders } from './http/security-headers';
import { createValidationPipe } from './http/validation';
import type { AuthenticatedRequest } from './sessions/authenticated-request';
import { SessionCookie } from './sessions/session-cookie';
import { SessionsService } from './sessions/sessions.service';
import { findClientDir, type PageSessionOf, serveWebClient } from './web-client/web-client';
import { GracefulShutdown } from './health/shutdown';
import { bindLogContext, observeRequests } from './logging/request-context';
import { processLogging } from './logging/root-logger';
import { MetricsService } from './metrics/metrics.service';

const API_PREFIX = 'api';

/** Everything about the HTTP surface that the server and the HTTP tests must share. */
export function configureApp(
  app: NestExpressApplication,
  http: HttpConfig,
  options: { serveClient?: boolean } = {},
): void {
  app.disable('x-powered-by');
  // Answers are small and mostly no-store; hashing every body for an ETag was wasted work.
  app.set('etag', false);
  app.set('trust proxy', http.trustProxy);
  const logging = processLogging();
  app.use(
    oneLayer([
      // First: the request id, the request's time and log line, metrics, graceful shutdown.
      observeRequests(logging.root, [app.get(GracefulShutdown), app.get(MetricsService)]),
      // The OpenID Connect provider's endpoints (forms, client authentication, its own headers)
      // come before the API's middleware, in a log context of their own from the start (the
      // provider reads its bodies itself).
      app.get(OidcProviderService).middleware(bindLogContext()),
      securityHeaders(`/${API_PREFIX}`),
      parseCookies,
      csrfProtection(http.cookieSecure),
      requireJsonContentType,
      parseJsonBody,
      rejectUnacceptableInput,
      bindLogContext(),
    ]),
    middlewareErrorHandler,
  );
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Tobira')
      .setDescription(
        `Account portal API. State-changing calls need the ${XSRF_HEADER} header equal to the ${XSRF_COOKIE} cookie.`,
      )
      .setVersion('0.1.0')
      .addCookieAuth('tobira_session')
      .build(),
  );
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, {
    jsonDocumentUrl: `${API_PREFIX}/docs-json`,
  });

  if (options.serveClient !== false) {
    const clientDir = findClientDir(http.clientDir);
    if (clientDir) {
      // `/` and `/login` are answered by the session cookie: a guest at the top page is sent to
      // the login before any of the app is downloaded, and so on (web-client.ts pageRedirect).
      const sessions = app.get(SessionsService);
      const cookie = app.get(SessionCookie);
      const sessionOf: PageSessionOf = async (req: AuthenticatedRequest) => {
        const token = cookie.read(req);
        if (!token) return null;
        // Counted and logged as the session guard's checks are.
        req.sessionChecked = true;
        req.principal = (await sessions.authenticate(token)) ?? undefined;
        return req.principal ?? null;
      };
      app.use(oneLayer(serveWebClient(clientDir, sessionOf)));
    } else {
      new Logger('WebClient').warn(
        'no client build found (run `npm run build`); serving the API only',
      );
    }
  }
}

import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import type { RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { csrfProtection, XSRF_COOKIE, XSRF_HEADER } from './http/csrf';
import type { HttpConfig } from './http/http.config';
import {
  middlewareErrorHandler,
  parseJsonBody,
  rejectUnacceptableInput,
  requireJsonContentType,
} from './http/request-body';
import { createValidationPipe } from './http/validation';
import { cspNonce, findClientDir, nonceOf, serveWebClient } from './web-client/web-client';

const API_PREFIX = 'api';

function securityHeaders() {
  const strict = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", (_req, res) => `'nonce-${nonceOf(res as Response)}'`],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
  });
  // Swagger UI sets inline styles; it gets a looser style policy and nothing else changes.
  const docs = helmet({
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
  const others: RequestHandler = (req, res, next) => {
    res.setHeader(
      'Permissions-Policy',
      'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    );
    // HSTS means something only over HTTPS (directly, or via a trusted proxy: see TRUST_PROXY).
    if (req.secure)
      res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  };
  const byPath: RequestHandler = (req, res, next) =>
    (req.path.startsWith(`/${API_PREFIX}/docs`) ? docs : strict)(req, res, next);
  return [cspNonce, byPath, others];
}

/** Everything about the HTTP surface that the server and the HTTP tests must share. */
export function configureApp(
  app: NestExpressApplication,
  http: HttpConfig,
  options: { serveClient?: boolean } = {},
): void {
  app.disable('x-powered-by');
  app.set('trust proxy', http.trustProxy);
  for (const handler of securityHeaders()) app.use(handler);
  app.use(cookieParser());
  app.use(csrfProtection(http.cookieSecure));
  app.use(requireJsonContentType, parseJsonBody, rejectUnacceptableInput, middlewareErrorHandler);
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
      for (const handler of serveWebClient(clientDir)) app.use(handler);
    } else {
      new Logger('WebClient').warn(
        'no client build found (run `npm run build`); serving the API only',
      );
    }
  }
}

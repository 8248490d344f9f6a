import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';
import { IncomingMessage, ServerResponse, createServer } from 'node:http';

type RequestClass = typeof IncomingMessage;
type ResponseClass = typeof ServerResponse;

/**
 * The request and response classes for node:http whose instances are born with the Express app's
 * own prototypes (`app.request`, `app.response`).
 *
 * Express gives every request and response those prototypes when it first sees them
 * (`Object.setPrototypeOf` in `app.handle`). V8 answers a prototype change by moving the object to
 * a new shape, so every property access on requests and responses, Node's own HTTP code included,
 * meets shapes it has not seen, and the whole server slows down (docs/benchmarks.md, "The HTTP
 * server"). Express still makes its call; it finds the prototype in place and changes nothing.
 *
 * The constructors call Node's own as functions (as Node's do among themselves): objects built
 * through `Reflect.construct` instead came out slower than with no change at all. Should a later
 * Node make them classes, which cannot be called so, the server keeps Node's own classes and
 * Express's prototype change.
 */
export function expressShapedClasses(
  app: Express,
): { IncomingMessage: RequestClass; ServerResponse: ResponseClass } | undefined {
  if (!callable(IncomingMessage) || !callable(ServerResponse)) return undefined;
  const NodeRequest = IncomingMessage as unknown as (this: unknown, socket: unknown) => void;
  const NodeResponse = ServerResponse as unknown as (
    this: unknown,
    req: unknown,
    options: unknown,
  ) => void;
  function Request(this: unknown, socket: unknown): void {
    NodeRequest.call(this, socket);
  }
  Request.prototype = app.request as object;
  function Response(this: unknown, req: unknown, options: unknown): void {
    NodeResponse.call(this, req, options);
  }
  Response.prototype = app.response as object;
  return {
    IncomingMessage: Request as unknown as RequestClass,
    ServerResponse: Response as unknown as ResponseClass,
  };
}

function callable(constructor: object): boolean {
  return !Function.prototype.toString.call(constructor).startsWith('class');
}

/**
 * Nest's Express adapter with an HTTP server whose requests and responses have Express's prototypes
 * from birth (see `expressShapedClasses`). Tobira terminates TLS in front of the server and needs
 * no connection tracking: given those options the adapter builds Nest's own server instead.
 */
export class TobiraExpressAdapter extends ExpressAdapter {
  override initHttpServer(options: NestApplicationOptions): void {
    if (options?.httpsOptions || options?.forceCloseConnections) {
      super.initHttpServer(options);
      return;
    }
    const app = this.getInstance<Express>();
    this.httpServer = createServer(expressShapedClasses(app) ?? {}, app);
  }
}

import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Logger as Pino } from 'pino';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/**
 * A request id given by the proxy (nginx's `$request_id`, a load balancer's trace id) is kept when
 * it is short and made of safe characters; anything else is replaced by a random UUID, so that a
 * client cannot write lines or markup into the log through it.
 */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

export function requestIdOf(given: string | string[] | undefined): string {
  return typeof given === 'string' && ACCEPTABLE_ID.test(given) ? given : randomUUID();
}

/**
 * The request a line is logged on behalf of: the root logger's mixin reads it for the line's
 * `reqId` and `accountId` (root-logger.ts). One store per request, no logger per request.
 */
const requestOfContext = new AsyncLocalStorage<ObservedRequest>();

/** What every line logged on behalf of a request carries: its id, and its account once known. */
export function requestLogFields(): { reqId?: string; accountId?: string } {
  const req = requestOfContext.getStore();
  if (!req) return {};
  const id = req.id as string | undefined;
  return req.principal ? { reqId: id, accountId: req.principal.userId } : { reqId: id };
}

/** `id` is pino-http's (its type augments every request). */
export interface ObservedRequest extends Request {
  principal?: { userId: string };
  sessionChecked?: boolean;
  /**
   * The route's pattern, set by middleware that answers without an Express route (the OpenID
   * Connect provider): a few fixed values, never the path.
   */
  routeLabel?: string;
}

/** Told of every request: when it arrives, and when its answer is finished or abandoned. */
export interface RequestObserver {
  started?(res: Response): void;
  finished(
    req: ObservedRequest,
    res: Response,
    route: string,
    status: number,
    seconds: number,
  ): void;
}

/**
 * The matched route's pattern (`/api/sessions/:id/end`), never the path itself, so that metric
 * labels stay few whatever clients send; requests no route took (refused before routing, or
 * found by none) are `(unmatched)` under /api and `(client)` elsewhere (the pages).
 */
export function routeOf(req: ObservedRequest): string {
  if (req.routeLabel) return req.routeLabel;
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  // Nest answers a path no route takes with a catch-all route of its own (`*path`).
  if (typeof pattern === 'string' && !pattern.includes('*')) return pattern;
  const path = pathOf(req);
  return path.startsWith('/api/') || path === '/api' ? '(unmatched)' : '(client)';
}

/** The path asked for, without the query string (which may carry a code), as the client sent it. */
export function pathOf(req: Request): string {
  const url = req.originalUrl;
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * The first middleware of every request: its id (echoed as X-Request-Id), its time, and one log
 * line when it ends, at `debug` when it succeeded, `info` for a 4xx and `error` for a 5xx, with
 * the path but never the query string.
 */
export function observeRequests(root: Pino, observers: RequestObserver[]): RequestHandler {
  return (req: ObservedRequest, res: Response, next: NextFunction) => {
    const start = process.hrtime.bigint();
    const id = requestIdOf(req.headers['x-request-id']);
    req.id = id;
    res.setHeader(REQUEST_ID_HEADER, id);
    for (const observer of observers) observer.started?.(res);
    res.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      // Abandoned by the client before the answer was complete: nginx's 499.
      const status = res.writableFinished ? res.statusCode : 499;
      const route = routeOf(req);
      for (const observer of observers) observer.finished(req, res, route, status, seconds);
      const level = status >= 500 ? 'error' : status >= 400 ? 'info' : 'debug';
      if (!root.isLevelEnabled(level)) return;
      root[level]({
        reqId: id,
        msg: 'request',
        method: req.method,
        path: pathOf(req),
        route,
        status,
        ms: Math.round(seconds * 1e4) / 10,
        ...(req.principal ? { accountId: req.principal.userId } : {}),
      });
    });
    next();
  };
}

/**
 * Runs the rest of the request in a logging context of its own: every line logged on its behalf
 * carries its `reqId`, and its `accountId` once the session guard has found it. Mounted after the
 * body is read: a body arrives in the socket's own async context, which would otherwise be the one
 * its handlers run in. (nestjs-pino's `runInContext` made a pino child logger for every request:
 * its bindings went through the redaction each time: about 27 µs of CPU per request.)
 */
export function bindLogContext(): RequestHandler {
  return (req: ObservedRequest, _res: Response, next: NextFunction) => {
    requestOfContext.run(req, next);
  };
}

import type { RequestHandler } from 'express';

/**
 * Middlewares run in order as one Express layer. Express's router allocates and matches per layer
 * on every request; run as separate layers, the half-dozen middlewares every API request passes
 * cost more than some handlers. An error, or a middleware that answers without calling next, ends
 * the run as it would in Express.
 */
export function oneLayer(handlers: readonly RequestHandler[]): RequestHandler {
  return (req, res, next) => {
    let i = 0;
    const step = (error?: unknown): void => {
      if (error !== undefined && error !== null) {
        next(error);
        return;
      }
      const handler = handlers[i++];
      if (!handler) {
        next();
        return;
      }
      try {
        void handler(req, res, step);
      } catch (thrown) {
        next(thrown);
      }
    };
    step();
  };
}

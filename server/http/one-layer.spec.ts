import express, { type RequestHandler } from 'express';
import request from 'supertest';
import { oneLayer } from './one-layer';

function app(handlers: RequestHandler[]) {
  const seen: string[] = [];
  const server = express();
  server.use(
    oneLayer(
      handlers.map(
        (h, i) => ((req, res, next) => (seen.push(`m${i}`), h(req, res, next))) as RequestHandler,
      ),
    ),
  );
  server.get('/', (_req, res) => {
    seen.push('route');
    res.send('route');
  });
  server.use(((error: Error, _req, res, _next) => {
    seen.push('error handler');
    res.status(400).send(error.message);
  }) as express.ErrorRequestHandler);
  return { server, seen };
}

const pass: RequestHandler = (_req, _res, next) => next();

describe('oneLayer', () => {
  it('runs the middlewares in order, then the routes', async () => {
    const { server, seen } = app([pass, pass, pass]);

    const res = await request(server).get('/');

    expect(res.text).toBe('route');
    expect(seen).toEqual(['m0', 'm1', 'm2', 'route']);
  });

  it('hands an error to the error handlers and skips the rest', async () => {
    const { server, seen } = app([pass, (_req, _res, next) => next(new Error('refused')), pass]);

    const res = await request(server).get('/');

    expect(res.status).toBe(400);
    expect(res.text).toBe('refused');
    expect(seen).toEqual(['m0', 'm1', 'error handler']);
  });

  it('treats a thrown error like one passed to next', async () => {
    const { server, seen } = app([
      () => {
        throw new Error('thrown');
      },
      pass,
    ]);

    const res = await request(server).get('/');

    expect(res.text).toBe('thrown');
    expect(seen).toEqual(['m0', 'error handler']);
  });

  it('stops when a middleware answers', async () => {
    const { server, seen } = app([pass, (_req, res) => void res.status(204).end(), pass]);

    const res = await request(server).get('/');

    expect(res.status).toBe(204);
    expect(seen).toEqual(['m0', 'm1']);
  });
});

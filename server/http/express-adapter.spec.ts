import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import express, { type Express } from 'express';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TobiraExpressAdapter, expressShapedClasses } from './express-adapter';

interface Seen {
  request: boolean;
  response: boolean;
}

/** Whether each request and response had the app's prototypes before Express saw it. */
function watchPrototypes(server: Server, app: Express): Seen[] {
  const seen: Seen[] = [];
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    seen.push({
      request: Object.getPrototypeOf(req) === app.request,
      response: Object.getPrototypeOf(res) === app.response,
    });
  });
  return seen;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

describe('expressShapedClasses', () => {
  it('gives requests and responses the app prototypes from birth, and Express still works', async () => {
    const app = express();
    app.get('/hello', (req, res) => {
      res
        .status(201)
        .set('x-probe', req.get('x-in') ?? '')
        .json({ ok: true, query: req.query });
    });
    const classes = expressShapedClasses(app);
    expect(classes).toBeDefined();
    const server = createServer(classes ?? {}, app);
    const seen = watchPrototypes(server, app);
    const base = await listen(server);
    try {
      for (let i = 0; i < 2; i += 1) {
        const res = await fetch(`${base}/hello?a=${i}`, { headers: { 'x-in': 'value' } });
        expect(res.status).toBe(201);
        expect(res.headers.get('x-probe')).toBe('value');
        expect(await res.json()).toEqual({ ok: true, query: { a: String(i) } });
      }
      // Two requests on one keep-alive connection: each object is new and already shaped.
      expect(seen).toEqual([
        { request: true, response: true },
        { request: true, response: true },
      ]);
    } finally {
      await close(server);
    }
  });

  it('is what Express alone does not do (the control)', async () => {
    const app = express();
    app.get('/hello', (_req, res) => res.json({ ok: true }));
    const server = createServer(app);
    const seen = watchPrototypes(server, app);
    const base = await listen(server);
    try {
      await fetch(`${base}/hello`);
      expect(seen).toEqual([{ request: false, response: false }]);
    } finally {
      await close(server);
    }
  });
});

describe('TobiraExpressAdapter', () => {
  @Controller('probe')
  class ProbeController {
    @Get()
    probe(): { ok: boolean } {
      return { ok: true };
    }
  }
  @Module({ controllers: [ProbeController] })
  class ProbeModule {}

  it('serves a Nest application on a server that builds shaped requests and responses', async () => {
    const adapter = new TobiraExpressAdapter();
    const nest = await NestFactory.create(ProbeModule, adapter, { logger: false });
    const server = nest.getHttpServer();
    const seen = watchPrototypes(server, adapter.getInstance<Express>());
    await nest.listen(0, '127.0.0.1');
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/probe`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true });
      expect(seen).toEqual([{ request: true, response: true }]);
    } finally {
      await nest.close();
    }
  });
});

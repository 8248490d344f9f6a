import type { Response } from 'express';
import type { Server } from 'node:http';
import { envInt } from '../config/env';
import type { RequestObserver } from '../logging/request-context';

/** How long a stop waits for the requests in flight (SHUTDOWN_TIMEOUT_SECONDS), in ms. */
export function readShutdownTimeoutMs(
  env: Record<string, string | undefined> = process.env,
): number {
  return envInt(env, 'SHUTDOWN_TIMEOUT_SECONDS', 8, 0, 300) * 1000;
}

/**
 * Graceful shutdown: on SIGTERM the server stops accepting connections, answers the requests in
 * flight (sign-ins included) and those still arriving on open connections, each with
 * `Connection: close`, closes connections as they fall idle, and after at most the timeout cuts
 * whatever is left. Readiness answers 503 from the first moment, so that a balancer that asks
 * sends nothing new.
 */
export class GracefulShutdown implements RequestObserver {
  private readonly inFlight = new Set<Response>();
  private draining = false;
  private drained?: () => void;

  get isDraining(): boolean {
    return this.draining;
  }

  get requestsInFlight(): number {
    return this.inFlight.size;
  }

  started(res: Response): void {
    this.inFlight.add(res);
    if (this.draining) res.setHeader('Connection', 'close');
  }

  finished(_req: unknown, res: Response): void {
    this.inFlight.delete(res);
    if (this.draining && this.inFlight.size === 0) this.drained?.();
  }

  /** Stops `server` accepting and waits for the requests in flight; true when all finished. */
  async drain(server: Server, timeoutMs: number): Promise<boolean> {
    this.draining = true;
    for (const res of this.inFlight) {
      if (!res.headersSent) res.setHeader('Connection', 'close');
    }
    server.close();
    server.closeIdleConnections();
    // A keep-alive connection whose request finishes later is idle only then.
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    let timer: NodeJS.Timeout | undefined;
    const finished = await new Promise<boolean>((resolve) => {
      if (this.inFlight.size === 0) return resolve(true);
      this.drained = () => resolve(true);
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    clearInterval(sweep);
    clearTimeout(timer);
    // Past the timeout, what is left is cut; otherwise only idle connections remain.
    if (finished) server.closeIdleConnections();
    else server.closeAllConnections();
    return finished;
  }
}

import { isIP } from 'node:net';
import type { Request } from 'express';

/** Where a request came from, and with what: recorded with sessions and security events. */
export interface ClientInfo {
  ipAddress: string | null;
  userAgent: string | null;
}

/**
 * The client's address, as far as the configured proxy trust lets us know: what Express derives
 * from X-Forwarded-For when the proxy is trusted, and only if it is an IP address. A trusted proxy
 * can pass on whatever the client put in the header; anything that is not an address is ignored in
 * favour of the connection's own peer, so no made-up value is stored or counted.
 */
export function clientAddress(req: Request): string | null {
  if (req.ip && isIP(req.ip) !== 0) return req.ip;
  const peer = req.socket?.remoteAddress;
  return peer && isIP(peer) !== 0 ? peer : null;
}

/** Where a request came from, and with what. */
export function clientInfo(req: Request): ClientInfo {
  return {
    ipAddress: clientAddress(req),
    userAgent: req.get('user-agent')?.slice(0, 512) ?? null,
  };
}

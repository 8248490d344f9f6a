import type { Request } from 'express';
import type { ClientInfo } from './sessions.service';

/** Where a request came from, as far as the configured proxy trust lets us know. */
export function clientInfo(req: Request): ClientInfo {
  return {
    ipAddress: req.ip?.slice(0, 64) ?? null,
    userAgent: req.get('user-agent')?.slice(0, 512) ?? null,
  };
}

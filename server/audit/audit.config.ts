import { registerAs } from '@nestjs/config';
import { envInt } from '../config/env';

export interface AuditConfig {
  /** Events older than this many days are removed by the retention job (0 keeps them forever). */
  retentionDays: number;
}

export function readAuditConfig(
  env: Record<string, string | undefined> = process.env,
): AuditConfig {
  return { retentionDays: envInt(env, 'AUDIT_RETENTION_DAYS', 400, 0, 36500) };
}

export const auditConfig = registerAs('audit', () => readAuditConfig());

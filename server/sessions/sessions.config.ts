import { registerAs } from '@nestjs/config';
import { envInt } from '../config/env';

export interface SessionsConfig {
  idleTimeoutMs: number;
  absoluteTimeoutMs: number;
}

export function readSessionsConfig(
  env: Record<string, string | undefined> = process.env,
): SessionsConfig {
  return {
    idleTimeoutMs: envInt(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60) * 60_000,
    absoluteTimeoutMs: envInt(env, 'SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 30) * 3_600_000,
  };
}

export const sessionsConfig = registerAs('sessions', () => readSessionsConfig());

import { envEnum } from '../config/env';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LoggingConfig {
  /** The least severe level written (LOG_LEVEL); each request's own line is `debug` when it succeeded. */
  level: LogLevel;
}

export function readLoggingConfig(
  env: Record<string, string | undefined> = process.env,
): LoggingConfig {
  return { level: envEnum(env, 'LOG_LEVEL', LOG_LEVELS, 'info') };
}

import { registerAs } from '@nestjs/config';
import { isIP } from 'node:net';
import { ConfigError, envInt, envOptionalString, envString } from '../config/env';

export interface MetricsConfig {
  /**
   * Where GET /metrics is served: a listener of its own, never the application's port. Null (the
   * default, METRICS_PORT unset): not served at all. 0 takes any free port (tests).
   */
  port: number | null;
  /** The address it listens on: the loopback interface unless METRICS_HOST says otherwise. */
  host: string;
}

export function readMetricsConfig(
  env: Record<string, string | undefined> = process.env,
): MetricsConfig {
  const host = envString(env, 'METRICS_HOST', '127.0.0.1');
  if (isIP(host) === 0 && host !== 'localhost') {
    throw new ConfigError(`METRICS_HOST must be an IP address or localhost, got "${host}"`);
  }
  if (envOptionalString(env, 'METRICS_PORT') === undefined) return { port: null, host };
  const port = envInt(env, 'METRICS_PORT', 0, 0, 65535);
  const appPort = envInt(env, 'PORT', 3000, 0, 65535);
  if (port !== 0 && port === appPort) {
    // The application's port is public by design; the metrics must never share it.
    throw new ConfigError(`METRICS_PORT must differ from PORT (${appPort})`);
  }
  return { port, host };
}

export const metricsConfig = registerAs('metrics', () => readMetricsConfig());

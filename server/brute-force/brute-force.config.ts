import { registerAs } from '@nestjs/config';
import { ConfigError, envInt } from '../config/env';

export interface BruteForceConfig {
  /** Consecutive failures after which each further attempt must wait longer. */
  delayAfter: number;
  /** The first wait, doubled at every further failure, up to maxDelaySeconds. */
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  /** Consecutive failures that lock the account, and for how long. */
  lockAfter: number;
  lockMinutes: number;
  /** Failures older than this are forgotten. */
  resetHours: number;
  /** Failures from one client address within the window before it gets 429. */
  addressLimit: number;
  addressWindowMinutes: number;
  /** Wrong MFA codes (any pending session, recovery codes too) that lock the code step, and for how long. */
  mfaLockAfter: number;
  mfaLockMinutes: number;
  /** Wrong MFA codes older than this are forgotten. */
  mfaResetHours: number;
  /** Bulk uploads of one administrator refused for taken usernames, within the window, before 429. */
  bulkIssueLimit: number;
  bulkIssueWindowMinutes: number;
}

export function readBruteForceConfig(
  env: Record<string, string | undefined> = process.env,
): BruteForceConfig {
  const config = {
    delayAfter: envInt(env, 'LOGIN_DELAY_AFTER', 5, 1, 1000),
    baseDelaySeconds: envInt(env, 'LOGIN_DELAY_BASE_SECONDS', 1, 0, 3600),
    maxDelaySeconds: envInt(env, 'LOGIN_DELAY_MAX_SECONDS', 30, 0, 3600),
    lockAfter: envInt(env, 'LOGIN_LOCK_AFTER', 10, 1, 1000),
    lockMinutes: envInt(env, 'LOGIN_LOCK_MINUTES', 15, 1, 24 * 60),
    resetHours: envInt(env, 'LOGIN_FAILURE_RESET_HOURS', 12, 1, 24 * 30),
    addressLimit: envInt(env, 'LOGIN_ADDRESS_LIMIT', 100, 1, 1_000_000),
    addressWindowMinutes: envInt(env, 'LOGIN_ADDRESS_WINDOW_MINUTES', 15, 1, 24 * 60),
    mfaLockAfter: envInt(env, 'MFA_LOCK_AFTER', 10, 1, 1000),
    mfaLockMinutes: envInt(env, 'MFA_LOCK_MINUTES', 15, 1, 24 * 60),
    mfaResetHours: envInt(env, 'MFA_FAILURE_RESET_HOURS', 12, 1, 24 * 30),
    bulkIssueLimit: envInt(env, 'BULK_ISSUE_LIMIT', 20, 1, 10_000),
    bulkIssueWindowMinutes: envInt(env, 'BULK_ISSUE_WINDOW_MINUTES', 60, 1, 24 * 60),
  };
  if (config.delayAfter > config.lockAfter) {
    throw new ConfigError('LOGIN_DELAY_AFTER must not be larger than LOGIN_LOCK_AFTER');
  }
  return config;
}

export const bruteForceConfig = registerAs('bruteForce', () => readBruteForceConfig());

import { registerAs } from '@nestjs/config';
import { ConfigError, envInt, envString } from '../config/env';

export interface UsersConfig {
  temporaryPasswordDays: number;
  /** Where an account's expiry day ends (アカウント有効期限 is a date, not an instant). */
  timeZone: string;
  /** How many recent password hashes are kept for the reuse rule (the current one included). */
  historySize: number;
  /**
   * After the password is typed again, how long the same session may take the next
   * password-confirmed steps without typing it once more (0: every step asks).
   */
  confirmationWindowMs: number;
}

export function readUsersConfig(
  env: Record<string, string | undefined> = process.env,
): UsersConfig {
  const timeZone = envString(env, 'ACCOUNT_TIME_ZONE', 'Asia/Tokyo');
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new ConfigError(`ACCOUNT_TIME_ZONE is not a known time zone: "${timeZone}"`);
  }
  return {
    temporaryPasswordDays: envInt(env, 'TEMP_PASSWORD_DAYS', 7, 1, 90),
    timeZone,
    historySize: envInt(env, 'PASSWORD_HISTORY', 5, 0, 24),
    confirmationWindowMs: envInt(env, 'PASSWORD_CONFIRMATION_MINUTES', 5, 0, 15) * 60_000,
  };
}

export const usersConfig = registerAs('users', () => readUsersConfig());

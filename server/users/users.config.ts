import { registerAs } from '@nestjs/config';
import { ConfigError, envInt, envString } from '../config/env';

export interface UsersConfig {
  temporaryPasswordDays: number;
  /** Where an account's expiry day ends (アカウント有効期限 is a date, not an instant). */
  timeZone: string;
  /** How many recent password hashes are kept for the reuse rule (the current one included). */
  historySize: number;
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
  };
}

export const usersConfig = registerAs('users', () => readUsersConfig());

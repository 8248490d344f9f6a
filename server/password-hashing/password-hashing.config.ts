import { registerAs } from '@nestjs/config';
import { envInt } from '../config/env';

/** OWASP Password Storage Cheat Sheet's minimum for argon2id; the config refuses anything weaker. */
export const ARGON2ID_MINIMUM = { memoryKib: 19456, timeCost: 2, parallelism: 1 } as const;

export interface PasswordHashingSettings {
  memoryKib: number;
  timeCost: number;
  parallelism: number;
}

export function readPasswordHashingSettings(
  env: Record<string, string | undefined>,
): PasswordHashingSettings {
  const min = ARGON2ID_MINIMUM;
  return {
    memoryKib: envInt(env, 'ARGON2_MEMORY_KIB', min.memoryKib, min.memoryKib, 4_194_304),
    timeCost: envInt(env, 'ARGON2_TIME_COST', min.timeCost, min.timeCost, 100),
    parallelism: envInt(env, 'ARGON2_PARALLELISM', min.parallelism, min.parallelism, 64),
  };
}

export const passwordHashingConfig = registerAs('passwordHashing', (): PasswordHashingSettings =>
  readPasswordHashingSettings(process.env),
);

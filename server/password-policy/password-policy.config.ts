import { registerAs } from '@nestjs/config';
import { ConfigError, envBool, envEnum, envInt } from '../config/env';

export const PASSWORD_POLICY_PRESETS = ['manual', 'nist'] as const;
export type PasswordPolicyPreset = (typeof PASSWORD_POLICY_PRESETS)[number];

const PRESET_LENGTHS: Record<PasswordPolicyPreset, { minLength: number; maxLength: number }> = {
  manual: { minLength: 10, maxLength: 255 },
  nist: { minLength: 15, maxLength: 255 },
};

export interface PasswordPolicySettings {
  preset: PasswordPolicyPreset;
  minLength: number;
  maxLength: number;
  /** How many previous passwords may not be reused; 0 turns the rule off. */
  history: number;
  blocklist: boolean;
  forbidUsername: boolean;
}

// Bounds from ASVS 5.0 6.2.1 (at least 8) and 6.2.9 (at least 64 must be allowed).
export function readPasswordPolicySettings(
  env: Record<string, string | undefined>,
): PasswordPolicySettings {
  const preset = envEnum(env, 'PASSWORD_POLICY_PRESET', PASSWORD_POLICY_PRESETS, 'manual');
  const minLength = envInt(env, 'PASSWORD_MIN_LENGTH', PRESET_LENGTHS[preset].minLength, 8, 1024);
  const maxLength = envInt(env, 'PASSWORD_MAX_LENGTH', PRESET_LENGTHS[preset].maxLength, 64, 1024);
  if (minLength > maxLength) {
    throw new ConfigError(
      `PASSWORD_MIN_LENGTH (${minLength}) must not exceed PASSWORD_MAX_LENGTH (${maxLength})`,
    );
  }
  return {
    preset,
    minLength,
    maxLength,
    history: envInt(env, 'PASSWORD_HISTORY', 5, 0, 24),
    blocklist: envBool(env, 'PASSWORD_BLOCKLIST', true),
    forbidUsername: envBool(env, 'PASSWORD_FORBID_USERNAME', true),
  };
}

export const passwordPolicyConfig = registerAs('passwordPolicy', (): PasswordPolicySettings =>
  readPasswordPolicySettings(process.env),
);

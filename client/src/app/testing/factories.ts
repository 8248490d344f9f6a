import { Session } from '../core/session/session';
import { ActivityEvent } from '../features/settings/activity/activity-api';
import { SessionSummary } from '../features/settings/sessions/sessions-api';
import { PasswordPolicy, PasswordPolicyRule } from '../shared/policy-checklist/password-policy';

/** Test data shaped like the server's DTOs (docs/api.md). */
export function aSession(overrides: Partial<Session> = {}): Session {
  return {
    username: 'yamada',
    role: 'user',
    expiresOn: '2027-03-31',
    passwordChangeRequired: false,
    mfaRequired: false,
    ...overrides,
  };
}

export function aRule(
  code: string,
  params: Record<string, number> = {},
  clientCheck = true,
): PasswordPolicyRule {
  return { code, params, message: `server:${code}`, clientCheck };
}

/** The default ("manual") policy, as the server serves it. */
export function aManualPolicy(overrides: Partial<PasswordPolicy> = {}): PasswordPolicy {
  return {
    preset: 'manual',
    minLength: 10,
    maxLength: 255,
    summary:
      'パスワードは、10文字以上255文字以内の長さで、半角の英大文字と数字・記号を混在させてください。',
    rules: [
      aRule('MIN_LENGTH', { min: 10 }),
      aRule('MAX_LENGTH', { max: 255 }),
      aRule('ASCII_PRINTABLE'),
      aRule('UPPERCASE'),
      aRule('DIGIT_OR_SYMBOL'),
      aRule('NOT_USERNAME'),
      aRule('NOT_CURRENT'),
      aRule('NOT_COMMON', {}, false),
      aRule('NOT_RECENT', { count: 5 }, false),
    ],
    ...overrides,
  };
}

/** The body of a server error answer. */
export function anErrorBody(
  statusCode: number,
  code: string,
  errors?: { field: string; code: string; message?: string }[],
): object {
  return {
    statusCode,
    code,
    message: `server:${code}`,
    ...(errors && {
      errors: errors.map((e) => ({ message: `server:${e.field}:${e.code}`, ...e })),
    }),
  };
}

/** One entry of `GET /api/sessions`. */
export function aSessionSummary(overrides: Partial<SessionSummary> = {}): SessionSummary {
  return {
    id: '6f1c2a4e-0000-4000-8000-000000000001',
    current: false,
    browser: 'Chrome 131',
    system: 'Windows',
    ipAddress: '203.0.113.10',
    signedInAt: '2026-11-28T01:00:00.000Z',
    lastActiveAt: '2026-11-28T05:00:00.000Z',
    ...overrides,
  };
}

/** One entry of `GET /api/activity`. */
export function anActivityEvent(overrides: Partial<ActivityEvent> = {}): ActivityEvent {
  return {
    occurredAt: '2026-11-28T05:05:00.000Z',
    kind: 'sign_in.succeeded',
    actorKind: 'user',
    actorUsername: null,
    ipAddress: '203.0.113.10',
    userAgent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    device: 'Chrome 131 (Windows)',
    detail: {},
    ...overrides,
  };
}

import { Injectable } from '@nestjs/common';
import type { Locale } from '../../server/http/locale';
import { ConfigurablePasswordPolicy } from '../../server/password-policy/configurable-password-policy';
import type {
  PasswordCandidate,
  PasswordPolicy,
  PasswordPolicyDescription,
  PolicyViolation,
} from '../../server/password-policy/password-policy';
import type { AuditSink } from '../../server/security-events/audit-sink';
import type { SecurityEvent } from '../../server/security-events/security-event';
import { BrowserLikeClient } from '../support/browser-like-client';
import { issueAccount, strongPassword } from '../support/factories';
import { createTestApp, type TestApp } from '../support/test-app';

jest.setTimeout(120_000);

/** A company's own rule on top of Tobira's: the company's name may not be in a password. */
@Injectable()
class CompanyPasswordPolicy implements PasswordPolicy {
  constructor(private readonly tobira: ConfigurablePasswordPolicy) {}

  describe(locale: Locale): PasswordPolicyDescription {
    const base = this.tobira.describe(locale);
    return {
      ...base,
      rules: [
        ...base.rules,
        {
          code: 'NO_COMPANY_NAME',
          params: {},
          message: locale === 'ja' ? '社名 (Kaisha) を含まない' : 'Does not contain Kaisha',
          clientCheck: false,
        },
      ],
    };
  }

  async validate(candidate: PasswordCandidate, locale: Locale): Promise<PolicyViolation[]> {
    const violations = await this.tobira.validate(candidate, locale);
    if (candidate.password.toLowerCase().includes('kaisha')) {
      violations.push({
        code: 'NO_COMPANY_NAME',
        params: {},
        message:
          locale === 'ja'
            ? 'パスワードに社名を含めないでください。'
            : 'The password must not contain the company name.',
      });
    }
    return violations;
  }
}

/** A second destination for security events, as a SIEM forwarder would be. */
@Injectable()
class MemorySink implements AuditSink {
  readonly events: SecurityEvent[] = [];

  record(event: SecurityEvent): void {
    this.events.push(event);
  }
}

/** A sink that always fails: it must not fail the request. */
@Injectable()
class BrokenSink implements AuditSink {
  record(): Promise<void> {
    return Promise.reject(new Error('the SIEM is down'));
  }
}

describe('An application extending Tobira through TobiraModule.forRoot', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp({}, undefined, {
      passwordPolicy: CompanyPasswordPolicy,
      auditSinks: [BrokenSink, MemorySink],
    });
  });

  afterAll(async () => {
    await sut.close();
  });

  const client = () => new BrowserLikeClient(sut.app);

  it('serves the company rule with the default rules, and enforces it with them at password change', async () => {
    const policy = await client().get('/api/password-policy');
    const codes = (policy.body as { rules: { code: string }[] }).rules.map((r) => r.code);
    expect(codes).toEqual(expect.arrayContaining(['MIN_LENGTH', 'NOT_COMMON', 'NO_COMPANY_NAME']));

    const account = await issueAccount(sut.accounts);
    const browser = client();
    expect((await browser.signIn(account.username, account.password)).status).toBe(200);
    const refused = await browser.post('/api/auth/password', {
      currentPassword: account.password,
      newPassword: 'Kaisha-2026-Tokyo!',
      newPasswordConfirmation: 'Kaisha-2026-Tokyo!',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      {
        field: 'newPassword',
        code: 'NO_COMPANY_NAME',
        message: 'パスワードに社名を含めないでください。',
      },
    ]);

    // Tobira's own rules still hold under the company's policy.
    const short = await browser.post('/api/auth/password', {
      currentPassword: account.password,
      newPassword: 'Kaisha1!',
      newPasswordConfirmation: 'Kaisha1!',
    });
    expect(short.body.errors.map((e: { code: string }) => e.code)).toEqual(
      expect.arrayContaining(['MIN_LENGTH', 'NO_COMPANY_NAME']),
    );

    const password = strongPassword();
    const accepted = await browser.post('/api/auth/password', {
      currentPassword: account.password,
      newPassword: password,
      newPasswordConfirmation: password,
    });
    expect(accepted.status).toBe(200);
  });

  it('tells the added sink every event the audit log records, a failing sink notwithstanding', async () => {
    const sink = sut.app.get(MemorySink);
    const account = await issueAccount(sut.accounts);
    const browser = client();
    expect((await browser.signIn(account.username, 'Wrong-password-1!')).status).toBe(401);
    // Recorded in the sign-in's own statement (SecurityEventSink.inStatement).
    expect((await browser.signIn(account.username, account.password)).status).toBe(200);
    expect((await browser.post('/api/auth/logout')).status).toBe(200);

    const recorded = await sut.db.dataSource.query<{ kind: string }[]>(
      'SELECT kind FROM audit_events WHERE target_username = $1 ORDER BY id',
      [account.username],
    );
    const heard = sink.events
      .filter((e) => e.target?.username === account.username)
      .map((e) => e.kind);
    expect(recorded.map((r) => r.kind)).toEqual([
      'account.created',
      'sign_in.failed',
      'sign_in.succeeded',
      'sign_out',
    ]);
    expect(heard).toEqual(recorded.map((r) => r.kind));
  });
});

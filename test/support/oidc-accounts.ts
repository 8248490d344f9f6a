import { issueAccount, strongPassword } from './factories';
import { type OidcTestApp, type TestUser, TestBrowser } from './oidc-rp';
import { secretOfUri, totp } from './totp';

/** An account past its forced password change, and a browser signed in as it. */
export async function activeUser(
  app: OidcTestApp,
  options: { role?: 'user' | 'admin' } = {},
): Promise<TestUser & { browser: TestBrowser; id: string }> {
  const issued = await issueAccount(app.accounts, { role: options.role ?? 'user' });
  const browser = new TestBrowser(app.issuer);
  const signedIn = await browser.api('POST', '/api/auth/login', issued);
  if (signedIn.status !== 200) throw new Error(`sign-in answered ${signedIn.status}`);
  const password = strongPassword();
  const changed = await browser.api('POST', '/api/auth/password', {
    currentPassword: issued.password,
    newPassword: password,
    newPasswordConfirmation: password,
  });
  if (changed.status !== 200) throw new Error(`password change answered ${changed.status}`);
  const account = await app.users.findByUsername(issued.username);
  return { username: issued.username, password, browser, id: account!.id };
}

/** Turns MFA on for a signed-in user; answers the TOTP secret. */
export async function enableMfa(browser: TestBrowser): Promise<Buffer> {
  const started = await browser.api('POST', '/api/mfa/enrollment');
  const { otpauthUri } = (await started.json()) as { otpauthUri: string };
  const secret = secretOfUri(otpauthUri);
  const confirmed = await browser.api('POST', '/api/mfa/enrollment/confirm', {
    code: totp(secret),
  });
  if (confirmed.status !== 200) throw new Error(`MFA confirm answered ${confirmed.status}`);
  return secret;
}

/** The security events of `kind`, newest first, once at least `atLeast` are there. */
export async function auditEvents(
  app: OidcTestApp,
  kind: string,
  where: { userId?: string; clientId?: string } = {},
  atLeast = 1,
): Promise<{ kind: string; detail: Record<string, unknown>; target_user_id: string | null }[]> {
  // Provider events are recorded as they happen, a moment after the response: wait for them (a
  // busy machine may take seconds).
  const deadline = Date.now() + 30_000;
  for (;;) {
    const rows: { kind: string; detail: Record<string, unknown>; target_user_id: string | null }[] =
      await app.db.dataSource.query(
        `SELECT kind, detail, target_user_id FROM audit_events
          WHERE kind = $1 AND ($2::uuid IS NULL OR target_user_id = $2)
            AND ($3::text IS NULL OR detail ->> 'clientId' = $3)
          ORDER BY id DESC`,
        [kind, where.userId ?? null, where.clientId ?? null],
      );
    if (rows.length >= atLeast || Date.now() > deadline) return rows;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

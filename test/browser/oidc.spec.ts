import { expect, test, type Page } from '@playwright/test';
import { base32Decode, totp } from '../support/totp';
import { ISSUER, startRelyingParty, type RelyingPartyApp } from './relying-party';
import { expectNoSeriousViolations, issueAccount, newPassword, screenshot } from './support';

// The applications are relying-party web apps of their own (relying-party.ts: openid-client, code
// + PKCE) on 127.0.0.1, another site than Tobira at localhost (the server's default PUBLIC_URL):
// the portal's SameSite=Strict cookie is not sent on the way back from them, as in production.
// TOTP codes come from test/support/totp.ts (Node's HMAC), not from the server's library.

const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000);
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** The Tobira pages the browser went through, by path. */
function tobiraPaths(page: Page): string[] {
  const seen: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame !== page.mainFrame()) return;
    const url = new URL(frame.url());
    if (url.origin === ISSUER) seen.push(url.pathname);
  });
  return seen;
}

async function claimOf(page: Page, name: string): Promise<string> {
  return (await page.locator(`[data-claim="${name}"]`).innerText()).trim();
}

test.describe('Applications sign in with Tobira (OpenID Connect), ja-JP', () => {
  test.use({ locale: 'ja-JP', baseURL: ISSUER });
  const apps: RelyingPartyApp[] = [];

  test.afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
  });

  test('first sign-in through the forced change and the MFA step, then single sign-on, ended by portal sign-out', async ({
    page,
  }) => {
    test.slow();
    // The first app requires MFA (--require-mfa); the second is a plain first-party app.
    const first = await startRelyingParty(['--require-mfa']);
    const second = await startRelyingParty();
    apps.push(first, second);
    const account = issueAccount();
    const password = newPassword();
    const visited = tobiraPaths(page);

    // The app sends the user to Tobira's /login, which signs in with the temporary password...
    await page.goto(first.url);
    await page.getByRole('link', { name: 'Sign in with Tobira' }).click();
    await expect(page).toHaveURL(/\/login\?returnUrl=%2Fconnect%2Fcontinue%2F/);
    await page.waitForLoadState('networkidle');
    await page.getByLabel('ユーザ名', { exact: true }).fill(account.username);
    await page.getByLabel('パスワード', { exact: true }).fill(account.temporaryPassword);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    // ...then the forced change...
    await expect(page).toHaveURL(/\/password\/required\?returnUrl=%2Fconnect%2Fcontinue%2F/);
    await page.getByLabel('現在のパスワード', { exact: true }).fill(account.temporaryPassword);
    await page.getByLabel('新しいパスワード', { exact: true }).fill(password);
    await page.getByLabel('新しいパスワード (確認)', { exact: true }).fill(password);
    await page.getByRole('button', { name: '変更', exact: true }).click();
    // ...and, the app requiring MFA the account does not have yet, to 「多要素認証」 to set it up.
    await expect(page).toHaveURL(/\/settings\/mfa$/);
    // It came back through Tobira's own page /connect/continue/… on its way.
    expect(visited.some((path) => path.startsWith('/connect/continue/'))).toBe(true);
    await page.getByRole('button', { name: '多要素認証を有効にする' }).click();
    const secret = base32Decode((await page.getByTestId('mfa-key').innerText()).trim());
    await page.getByLabel('確認コード', { exact: true }).fill(totp(secret));
    await page.getByRole('button', { name: '有効にする', exact: true }).click();
    await page.getByLabel('リカバリーコードを安全な場所に保存しました').check();
    await page.getByRole('button', { name: '完了', exact: true }).click();
    await expect(page.getByTestId('mfa-status')).toContainText('有効');

    // Back in the app: the sign-in made before MFA was on does not do for it, so the password
    // and then the code step, and the user lands in the app with the claims.
    await page.goto(first.url);
    await page.getByRole('link', { name: 'Sign in with Tobira' }).click();
    await expect(page).toHaveURL(/\/login\?returnUrl=%2Fconnect%2Fcontinue%2F/);
    await page.waitForLoadState('networkidle');
    await page.getByLabel('ユーザ名', { exact: true }).fill(account.username);
    await page.getByLabel('パスワード', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await expect(page).toHaveURL(/\/login\/mfa\?returnUrl=%2Fconnect%2Fcontinue%2F/);
    // The enrollment used the current time step; the next one is inside the drift window.
    await page.getByLabel('確認コード', { exact: true }).fill(totp(secret, inSeconds(30)));
    await page.getByRole('button', { name: '確認', exact: true }).click();
    await expect(page).toHaveURL(first.url);
    expect(await claimOf(page, 'preferred_username')).toBe(account.username);
    expect(await claimOf(page, 'contract')).toMatch(UUID);
    expect(await claimOf(page, 'amr')).toBe('pwd otp');
    await screenshot(page, 'ja-oidc-01-app-signed-in');

    // The second app: single sign-on, no Tobira page shown on the way.
    visited.length = 0;
    await page.goto(second.url);
    await page.getByRole('link', { name: 'Sign in with Tobira' }).click();
    await expect(page).toHaveURL(second.url);
    expect(await claimOf(page, 'preferred_username')).toBe(account.username);
    expect(await claimOf(page, 'amr')).toBe('pwd otp');
    expect(
      visited.filter((path) => !path.startsWith('/oidc/') && !path.startsWith('/api/')),
    ).toEqual([]);

    // Signing out of the portal ends single sign-on: the app's next sign-in needs a login.
    await page.goto('/');
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto(`${second.url}forget`);
    await page.getByRole('link', { name: 'Sign in with Tobira' }).click();
    await expect(page).toHaveURL(/\/login\?returnUrl=%2Fconnect%2Fcontinue%2F/);
  });
});

const CONSENT = {
  'ja-JP': {
    title: 'アプリケーションの許可',
    lead: (app: string, user: string) =>
      `「${app}」が ${user} としてのログインを求めています。許可すると、次の情報がこのアプリケーションに渡されます。`,
    scope: 'あなたを識別する情報 (ユーザ名と契約)',
    allow: '許可する',
    deny: '許可しない',
  },
  'en-US': {
    title: 'Allow the application',
    lead: (app: string, user: string) =>
      `“${app}” asks to sign you in as ${user}. If you allow it, the application receives the following:`,
    scope: 'Who you are (username and contract)',
    allow: 'Allow',
    deny: 'Deny',
  },
} as const;

for (const locale of Object.keys(CONSENT) as (keyof typeof CONSENT)[]) {
  const t = CONSENT[locale];
  const lang = locale.slice(0, 2);

  test.describe(`An application with --consent (${locale})`, () => {
    test.use({ locale, baseURL: ISSUER });
    let app: RelyingPartyApp;

    test.afterAll(async () => {
      await app?.close();
    });

    test('asks before the first sign-in; denied, the app gets access_denied; allowed, it signs in', async ({
      page,
    }) => {
      app = await startRelyingParty(['--consent']);
      const account = issueAccount();
      await page.goto(app.url);
      await page.getByRole('link', { name: 'Sign in with Tobira' }).click();
      await expect(page).toHaveURL(/\/login\?returnUrl=/);
      await page.waitForLoadState('networkidle');
      await page.locator('input[autocomplete~="username"]').fill(account.username);
      await page.locator('input[autocomplete="current-password"]').fill(account.temporaryPassword);
      await page.locator('form button[type="submit"]').first().click();
      await expect(page).toHaveURL(/\/password\/required\?returnUrl=/);
      const password = newPassword();
      await page.locator('input[autocomplete="current-password"]').fill(account.temporaryPassword);
      await page.locator('input[autocomplete="new-password"]').nth(0).fill(password);
      await page.locator('input[autocomplete="new-password"]').nth(1).fill(password);
      await page.locator('form button[type="submit"]').click();

      await expect(page).toHaveURL(/\/connect\/consent\/[A-Za-z0-9_-]+$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.title);
      await expect(page.getByText(t.lead(app.name, account.username))).toBeVisible();
      await expect(page.getByRole('listitem').filter({ hasText: t.scope })).toBeVisible();
      await expectNoSeriousViolations(page, `consent ${locale}`);
      await screenshot(page, `${lang}-oidc-02-consent`);

      await page.getByRole('button', { name: t.deny, exact: true }).click();
      await expect(page).toHaveURL(app.url);
      await expect(page.getByRole('alert')).toHaveText('access_denied');

      await page.getByRole('link', { name: 'Sign in with Tobira' }).click();
      await expect(page).toHaveURL(/\/connect\/consent\//);
      await page.getByRole('button', { name: t.allow, exact: true }).click();
      await expect(page).toHaveURL(app.url);
      expect(await claimOf(page, 'preferred_username')).toBe(account.username);
      expect(await claimOf(page, 'amr')).toBe('pwd');
    });
  });
}

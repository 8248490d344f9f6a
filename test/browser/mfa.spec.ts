import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { base32Decode, totp } from '../support/totp';
import { issueAccount, newPassword, screenshot } from './support';

// The codes are computed here with Node's crypto HMAC (test/support/totp.ts), not with the
// server's library, so a mistake shared by both cannot pass unnoticed.

const TEXT = {
  'ja-JP': {
    login: 'ログイン',
    change: '変更',
    logout: 'ログアウト',
    username: 'ユーザ名',
    password: 'パスワード',
    currentPassword: '現在のパスワード',
    newPassword: '新しいパスワード',
    confirmation: '新しいパスワード (確認)',
    start: '多要素認証を有効にする',
    code: '確認コード',
    turnOn: '有効にする',
    codesTitle: 'リカバリーコード',
    saved: 'リカバリーコードを安全な場所に保存しました',
    done: '完了',
    download: 'ダウンロード',
    copy: 'コピー',
    verify: '確認',
    useRecovery: 'リカバリーコードを使用する',
    recoveryLabel: 'リカバリーコード',
    on: '有効',
    disable: '多要素認証を無効にする',
    endOthers: '他の端末のセッションを終了する',
    endedOne: '他の端末のセッションを1件終了しました。',
    codesLeft: '残りのリカバリーコードは 9 個です。',
  },
  'en-US': {
    login: 'Sign in',
    change: 'Change',
    logout: 'Sign out',
    username: 'Username',
    password: 'Password',
    currentPassword: 'Current password',
    newPassword: 'New password',
    confirmation: 'New password (confirm)',
    start: 'Turn on multi-factor authentication',
    code: 'Verification code',
    turnOn: 'Turn on',
    codesTitle: 'Recovery codes',
    saved: 'I have saved the recovery codes in a safe place',
    done: 'Done',
    download: 'Download',
    copy: 'Copy',
    verify: 'Verify',
    useRecovery: 'Use a recovery code',
    recoveryLabel: 'Recovery code',
    on: 'On',
    disable: 'Turn off multi-factor authentication',
    endOthers: 'End sessions on other devices',
    endedOne: 'Ended 1 session on another device.',
    codesLeft: '9 recovery codes are left.',
  },
} as const;

type Locale = keyof typeof TEXT;

async function expectNoSeriousViolations(page: Page, screen: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ screen, id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  expect(serious).toEqual([]);
  expect(results.passes.length).toBeGreaterThan(10);
}

const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000);

for (const locale of Object.keys(TEXT) as Locale[]) {
  const t = TEXT[locale];
  const lang = locale.slice(0, 2);

  test.describe(`Multi-factor authentication (${locale})`, () => {
    test.use({ locale, permissions: ['clipboard-read', 'clipboard-write'] });

    async function signIn(page: Page, username: string, password: string) {
      await page.goto('/login');
      // Hydrated first: a click in the instant the prerendered page hands over to Angular can be lost.
      await page.waitForLoadState('networkidle');
      await page.getByLabel(t.username, { exact: true }).fill(username);
      await page.getByLabel(t.password, { exact: true }).fill(password);
      await page.getByRole('button', { name: t.login, exact: true }).click();
    }

    async function signOut(page: Page) {
      await page.getByRole('button', { name: t.logout }).click();
      await expect(page).toHaveURL(/\/login$/);
    }

    test('turn on, sign in with a code, then with a recovery code once', async ({
      page,
      browser,
    }) => {
      // The whole journey, eight sign-ins and ten axe scans: minutes on a busy machine.
      test.slow();
      const account = issueAccount();
      const password = newPassword();
      await signIn(page, account.username, account.temporaryPassword);
      await expect(page).toHaveURL(/\/password\/required$/);
      await page.getByLabel(t.currentPassword, { exact: true }).fill(account.temporaryPassword);
      await page.getByLabel(t.newPassword, { exact: true }).fill(password);
      await page.getByLabel(t.confirmation, { exact: true }).fill(password);
      await page.getByRole('button', { name: t.change, exact: true }).click();
      await expect(page).toHaveURL(/\/$/);

      // Another device, signed in before MFA is turned on.
      const otherDevice = await browser.newContext({ locale, baseURL: new URL(page.url()).origin });
      const other = await otherDevice.newPage();
      await signIn(other, account.username, password);
      await expect(other).toHaveURL(/\/$/);

      // Off: the state and the way to turn it on.
      await page.goto('/settings/mfa');
      await expect(page.getByRole('button', { name: t.start })).toBeVisible();
      await expectNoSeriousViolations(page, 'mfa off');
      await screenshot(page, `${lang}-mfa-01-off`);

      // Enrollment: QR code and the key typed out in groups of four.
      await page.getByRole('button', { name: t.start }).click();
      const qr = page.locator('img.mfa-qr');
      await expect(qr).toBeVisible();
      expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
      const key = (await page.getByTestId('mfa-key').innerText()).trim();
      expect(key).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
      const secret = base32Decode(key);
      const codeField = page.getByLabel(t.code, { exact: true });
      await expect(codeField).toHaveAttribute('autocomplete', 'one-time-code');
      await expect(codeField).toHaveAttribute('inputmode', 'numeric');
      await expectNoSeriousViolations(page, 'mfa enrollment');
      await screenshot(page, `${lang}-mfa-02-enrollment`);

      await page.getByRole('button', { name: t.turnOn, exact: true }).click();
      await expect(page.getByRole('alert')).toBeVisible();
      await expectNoSeriousViolations(page, 'mfa enrollment with errors');
      await screenshot(page, `${lang}-mfa-03-enrollment-error`);

      await codeField.fill(totp(secret));
      await page.getByRole('button', { name: t.turnOn, exact: true }).click();

      // The recovery codes, once: copy, download, and confirm they were saved.
      await expect(page.getByRole('heading', { name: t.codesTitle })).toBeVisible();
      const items = page.getByTestId('recovery-codes').locator('li');
      await expect(items).toHaveCount(10);
      const codes = (await items.allInnerTexts()).map((c) => c.trim());
      expect(codes.every((c) => /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/.test(c))).toBe(true);
      await expectNoSeriousViolations(page, 'recovery codes');
      await screenshot(page, `${lang}-mfa-04-recovery-codes`);

      await page.getByRole('button', { name: t.copy, exact: true }).click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
        `${codes.join('\n')}\n`,
      );
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: t.download, exact: true }).click(),
      ]);
      // The file says whose codes they are and from when, then the codes one per line.
      expect(download.suggestedFilename()).toContain(account.username);
      const lines = readFileSync(await download.path(), 'utf8')
        .trim()
        .split('\n');
      expect(lines[1]).toContain(account.username);
      expect(lines.slice(-10)).toEqual(codes);

      await page.getByRole('button', { name: t.done, exact: true }).click();
      await expect(page.getByRole('alert')).toBeVisible();
      await expectNoSeriousViolations(page, 'recovery codes with errors');
      await page.getByLabel(t.saved).check();
      await page.getByRole('button', { name: t.done, exact: true }).click();
      const status = page.getByTestId('mfa-status');
      await expect(status).toContainText(t.on);
      await expect(status).toContainText('10');
      await expect(page.getByRole('button', { name: t.disable })).toBeVisible();
      const offer = page.getByTestId('mfa-end-others');
      await expect(offer.getByRole('button', { name: t.endOthers })).toBeVisible();
      await expectNoSeriousViolations(page, 'mfa on');
      await screenshot(page, `${lang}-mfa-05-on`);

      // The offer to end the other sessions after the change: the other device is signed out.
      await offer.getByLabel(t.currentPassword, { exact: true }).fill(password);
      await offer.getByRole('button', { name: t.endOthers }).click();
      await expect(page.getByRole('status')).toHaveText(t.endedOne);
      await expect(page.getByTestId('mfa-end-others')).toHaveCount(0);
      await expectNoSeriousViolations(page, 'other sessions ended');
      await other.reload();
      await expect(other).toHaveURL(/\/login$/);
      await otherDevice.close();

      // Signing in: the password, then the code step, which nothing else gets past.
      await signOut(page);
      await signIn(page, account.username, password);
      await expect(page).toHaveURL(/\/login\/mfa$/);
      for (const path of ['/', '/password/required']) {
        await page.goto(path);
        await expect(page).toHaveURL(/\/login\/mfa$/);
      }
      // A signed-in page is remembered, to come back to after the code.
      await page.goto('/settings/mfa');
      await expect(page).toHaveURL(/\/login\/mfa\?returnUrl=%2Fsettings%2Fmfa$/);
      await page.goto('/login/mfa');
      const signInCode = page.getByLabel(t.code, { exact: true });
      await expect(signInCode).toHaveAttribute('autocomplete', 'one-time-code');
      await expect(signInCode).toHaveAttribute('inputmode', 'numeric');
      await expectNoSeriousViolations(page, 'code step');
      await screenshot(page, `${lang}-mfa-06-code-step`);

      await signInCode.fill('000000' === totp(secret) ? '111111' : '000000');
      await page.getByRole('button', { name: t.verify, exact: true }).click();
      await expect(page.getByRole('alert')).toBeVisible();
      await expectNoSeriousViolations(page, 'code step with errors');
      await screenshot(page, `${lang}-mfa-07-code-step-error`);

      // The enrollment used the current time step; the next one is inside the drift window.
      await signInCode.fill(totp(secret, inSeconds(30)));
      await page.getByRole('button', { name: t.verify, exact: true }).click();
      await expect(page).toHaveURL(/\/$/);

      // Later, with a recovery code instead of the app, coming from a bookmark of the MFA page:
      // the page is remembered through the login, the code step and the switch to a recovery code.
      await signOut(page);
      await page.goto('/settings/mfa');
      await expect(page).toHaveURL(/\/login\?returnUrl=%2Fsettings%2Fmfa$/);
      await page.getByLabel(t.username, { exact: true }).fill(account.username);
      await page.getByLabel(t.password, { exact: true }).fill(password);
      await page.getByRole('button', { name: t.login, exact: true }).click();
      await expect(page).toHaveURL(/\/login\/mfa\?returnUrl=%2Fsettings%2Fmfa$/);
      await page.getByRole('link', { name: t.useRecovery }).click();
      await expect(page).toHaveURL(/\/login\/mfa\/recovery\?returnUrl=%2Fsettings%2Fmfa$/);
      await expectNoSeriousViolations(page, 'recovery code step');
      await screenshot(page, `${lang}-mfa-08-recovery-step`);
      await page.getByLabel(t.recoveryLabel, { exact: true }).fill(codes[0]);
      await page.getByRole('button', { name: t.verify, exact: true }).click();
      await expect(page).toHaveURL(/\/settings\/mfa$/);
      await expect(page.getByTestId('mfa-status')).toContainText('9');
      // The arrival says how many codes are left, where the user is looking.
      const left = page.getByRole('status').filter({ hasText: t.codesLeft });
      await expect(left).toBeFocused();
      await expect(left).toBeInViewport();
      await expectNoSeriousViolations(page, 'signed in with a recovery code');
      await screenshot(page, `${lang}-mfa-09-recovery-codes-left`);

      // That recovery code is used up.
      await signOut(page);
      await signIn(page, account.username, password);
      await page.getByRole('link', { name: t.useRecovery }).click();
      await page.getByLabel(t.recoveryLabel, { exact: true }).fill(codes[0]);
      await page.getByRole('button', { name: t.verify, exact: true }).click();
      await expect(page.getByRole('alert')).toBeVisible();
      await expect(page).toHaveURL(/\/login\/mfa\/recovery$/);
      await expectNoSeriousViolations(page, 'recovery code step with errors');
      await screenshot(page, `${lang}-mfa-09-recovery-used`);
    });
  });
}

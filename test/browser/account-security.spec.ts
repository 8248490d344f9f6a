import { expect, test, type Browser, type Page } from '@playwright/test';
import {
  expectNoSeriousViolations,
  issueAccount,
  newPassword,
  screenshot,
  type IssuedAccount,
} from './support';

/** A second browser, told apart from the first in the session list by what it says it is. */
const OTHER_BROWSER_UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0';

const NARROW = { width: 375, height: 812 };
const WIDE = { width: 1280, height: 720 };

async function signIn(page: Page, username: string, password: string, submit: string) {
  await page.goto('/login');
  // Hydrated first: a click in the instant the prerendered page hands over to Angular can be lost.
  await page.waitForLoadState('networkidle');
  await page.locator('input[autocomplete~="username"]').fill(username);
  await page.locator('input[autocomplete="current-password"]').fill(password);
  await page.getByRole('button', { name: submit, exact: true }).click();
}

/** Signs in with the temporary password and replaces it, leaving the page on the top screen. */
async function activate(page: Page, account: IssuedAccount, locale: 'ja' | 'en'): Promise<string> {
  const chosen = newPassword();
  await signIn(
    page,
    account.username,
    account.temporaryPassword,
    locale === 'ja' ? 'ログイン' : 'Sign in',
  );
  await expect(page).toHaveURL(/\/password\/required$/);
  await page.locator('input[autocomplete="current-password"]').fill(account.temporaryPassword);
  const fresh = page.locator('input[autocomplete="new-password"]');
  await fresh.nth(0).fill(chosen);
  await fresh.nth(1).fill(chosen);
  await page
    .getByRole('button', { name: locale === 'ja' ? '変更' : 'Change', exact: true })
    .click();
  await expect(page).toHaveURL(/\/$/);
  return chosen;
}

/** The same account signed in from another browser (its own cookies, its own User-Agent). */
async function otherBrowser(browser: Browser, locale: string): Promise<Page> {
  const context = await browser.newContext({
    baseURL: test.info().project.use.baseURL,
    locale,
    userAgent: OTHER_BROWSER_UA,
  });
  return context.newPage();
}

/** axe on the page as it is now; serious and critical findings fail, with their details. */
test.describe('Sessions and activity in Japanese', () => {
  test('ends the other browser’s session and shows it in the activity', async ({
    page,
    browser,
  }) => {
    const account = issueAccount();

    // A wrong password first, so that the activity has a failed sign-in to show.
    await signIn(page, account.username, 'Not-the-password-1', 'ログイン');
    await expect(page.getByRole('alert')).toContainText(
      'ユーザ名またはパスワードが正しくありません',
    );
    const password = await activate(page, account, 'ja');

    const other = await otherBrowser(browser, 'ja-JP');
    await signIn(other, account.username, password, 'ログイン');
    await expect(other).toHaveURL(/\/$/);

    // 管理機能利用設定 → ログイン中のセッション
    await page.goto('/settings');
    await screenshot(page, 'ja-19-settings');
    await page.getByRole('link', { name: 'ログイン中のセッション' }).click();
    await expect(page).toHaveURL(/\/settings\/sessions$/);
    await expect(page).toHaveTitle('ログイン中のセッション | Tobira 管理機能');
    const rows = page.locator('tbody tr');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText('この端末');
    await expect(rows.nth(0)).toContainText('Chrome');
    await expect(rows.nth(1)).toContainText('Firefox 133');
    await expect(rows.nth(1)).toContainText('macOS');
    await expect(rows.nth(1)).not.toContainText('この端末');
    await screenshot(page, 'ja-20-sessions');

    // Ending it asks for the password again (ASVS 7.5.2), in the confirmation.
    await rows.nth(1).getByRole('button', { name: 'ログアウトさせる' }).click();
    await expect(rows.nth(1)).toContainText('このセッションをログアウトさせますか?');
    await expect(rows.nth(1)).toContainText('続行するには現在のパスワードを入力してください。');
    const confirmPassword = rows.nth(1).getByLabel('現在のパスワード', { exact: true });
    await expect(confirmPassword).toBeFocused();
    await expect(confirmPassword).toHaveAttribute('autocomplete', 'current-password');
    await expect(confirmPassword).toHaveAttribute('type', 'password');
    await screenshot(page, 'ja-21-sessions-confirm');
    await page.setViewportSize(NARROW);
    await screenshot(page, 'ja-21-sessions-confirm-375');
    await page.setViewportSize(WIDE);

    // A wrong password ends nothing and says so at the field and in the summary.
    await confirmPassword.fill('Not-the-password-2');
    await rows.nth(1).getByRole('button', { name: 'ログアウトさせる' }).click();
    await expect(page.getByRole('alert')).toContainText('現在のパスワードが正しくありません。');
    await expect(page.getByRole('alert')).toBeFocused();
    await expect(confirmPassword).toHaveAttribute('aria-invalid', 'true');
    await expect(rows.nth(1)).toContainText('エラー: 現在のパスワードが正しくありません。');
    await expect(rows).toHaveCount(2);
    await screenshot(page, 'ja-21-sessions-confirm-error');

    await confirmPassword.fill(password);
    await rows.nth(1).getByRole('button', { name: 'ログアウトさせる' }).click();
    await expect(page.getByRole('status')).toHaveText('選択したセッションをログアウトさせました。');
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(rows).toHaveCount(1);
    await expect(page.getByText('他にログイン中のセッションはありません。')).toBeVisible();
    await screenshot(page, 'ja-22-sessions-ended');

    // The other browser finds its session gone at its next navigation (even to a page that loads
    // nothing of its own), and is told so.
    await other.getByRole('link', { name: '管理機能利用設定' }).first().click();
    await expect(other).toHaveURL(/\/login\?returnUrl=%2Fsettings$/);
    await expect(other.getByRole('status')).toHaveText(
      'ログアウトされました。続けるには、もう一度ログインしてください。',
    );
    await expectNoSeriousViolations(other, 'login after the session ended');
    await screenshot(other, 'ja-22b-signed-out');
    // A page opened afresh is sent to the login too; nothing was signed out there, nothing said.
    await other.goto('/settings');
    await expect(other).toHaveURL(/\/login\?returnUrl=%2Fsettings$/);
    await expect(other.getByRole('status')).toHaveCount(0);
    await other.context().close();

    // 最近のアクティビティ, newest first.
    await page.goto('/settings');
    await page.getByRole('link', { name: '最近のアクティビティ' }).click();
    await expect(page).toHaveURL(/\/settings\/activity$/);
    await expect(
      page.getByText(
        '心当たりのないログインや変更がある場合は、パスワードを変更し、アカウント管理者に連絡してください。',
      ),
    ).toBeVisible();
    const events = page.locator('tbody tr td:nth-child(2) .activity__label');
    await expect(events.first()).toHaveText('セッションの終了 (他の端末)');
    const labels = await events.allTextContents();
    expect(labels).toEqual(
      expect.arrayContaining([
        'ログイン',
        'パスワード変更',
        'ログイン失敗 (パスワード誤り)',
        'アカウント発行',
      ]),
    );
    // Two successful sign-ins (this browser and the other), after the failed one.
    expect(labels.filter((label) => label === 'ログイン')).toHaveLength(2);
    expect(labels.indexOf('ログイン失敗 (パスワード誤り)')).toBeGreaterThan(
      labels.indexOf('ログイン'),
    );
    await expect(page.locator('tbody tr', { hasText: 'アカウント発行' })).toContainText(
      '運用者による',
    );
    await expect(page.locator('tbody tr').first()).toContainText(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/);
    await screenshot(page, 'ja-23-activity');

    await page.setViewportSize(NARROW);
    await screenshot(page, 'ja-24-activity-375');
    await page.goto('/settings/sessions');
    await expect(page.locator('tbody tr')).toHaveCount(1);
    await screenshot(page, 'ja-25-sessions-375');
  });
});

for (const locale of ['ja-JP', 'en-US'] as const) {
  test.describe(`Accessibility of sessions and activity (${locale})`, () => {
    test.use({ locale });

    test('both screens, with a confirmation and a status message', async ({ page, browser }) => {
      const ja = locale === 'ja-JP';
      const lang = ja ? 'ja' : 'en';
      const account = issueAccount();
      const password = await activate(page, account, lang);
      const other = await otherBrowser(browser, locale);
      await signIn(other, account.username, password, ja ? 'ログイン' : 'Sign in');
      await expect(other).toHaveURL(/\/$/);

      await page.goto('/settings/sessions');
      await expect(page.locator('tbody tr')).toHaveCount(2);
      await expectNoSeriousViolations(page, 'sessions');
      if (!ja) await screenshot(page, 'en-20-sessions');

      const endOthers = ja ? '他のセッションをすべて終了' : 'End all other sessions';
      await page.getByRole('button', { name: endOthers }).click();
      const confirmPassword = page.getByLabel(ja ? '現在のパスワード' : 'Current password', {
        exact: true,
      });
      await expect(confirmPassword).toBeFocused();
      await expectNoSeriousViolations(page, 'sessions, confirming');
      if (!ja) {
        await screenshot(page, 'en-21-sessions-confirm');
        await page.setViewportSize(NARROW);
        await screenshot(page, 'en-21-sessions-confirm-375');
        await page.setViewportSize(WIDE);
      }

      // Without the password nothing is sent: the summary and the field say what is missing.
      await page.getByRole('button', { name: endOthers }).click();
      const missing = ja ? '現在のパスワードを入力してください。' : 'Enter your current password.';
      await expect(page.getByRole('alert')).toContainText(missing);
      await expect(confirmPassword).toHaveAttribute('aria-invalid', 'true');
      await expect(page.locator('tbody tr')).toHaveCount(2);
      await expectNoSeriousViolations(page, 'sessions, password missing');
      if (!ja) await screenshot(page, 'en-21-sessions-confirm-error');

      await page.getByRole('alert').getByRole('link', { name: missing }).click();
      await expect(confirmPassword).toBeFocused();
      await confirmPassword.fill(password);
      await confirmPassword.press('Enter');
      await expect(page.getByRole('status')).toHaveText(
        ja ? '他のセッションを1件終了しました。' : '1 other session has been ended.',
      );
      await expect(page.locator('tbody tr')).toHaveCount(1);
      await expectNoSeriousViolations(page, 'sessions, ended');

      await other.goto('/');
      await expect(other).toHaveURL(/\/login$/);
      await other.context().close();

      await page.goto('/settings/activity');
      await expect(page.locator('tbody tr').first()).toContainText(
        ja ? 'セッションの終了 (他のすべての端末)' : 'Sessions ended (all other devices)',
      );
      await expectNoSeriousViolations(page, 'activity');
      if (!ja) {
        await screenshot(page, 'en-22-activity');
        await page.setViewportSize(NARROW);
        await screenshot(page, 'en-23-activity-375');
        await page.goto('/settings/sessions');
        await expect(page.locator('tbody tr')).toHaveCount(1);
        await screenshot(page, 'en-24-sessions-375');
      }
    });
  });
}

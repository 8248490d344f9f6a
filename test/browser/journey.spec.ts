import { expect, test, type Page } from '@playwright/test';
import { issueAccount, newPassword, screenshot } from './support';

const POLICY_TEXT =
  'パスワードは、10文字以上255文字以内の長さで、半角の英大文字と数字・記号を混在させてください。';

async function signIn(page: Page, username: string, password: string) {
  await page.goto('/login');
  // Hydrated first: a click in the instant the prerendered page hands over to Angular can be lost.
  await page.waitForLoadState('networkidle');
  await page.getByLabel('ユーザ名', { exact: true }).fill(username);
  await page.getByLabel('パスワード', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
}

async function changePassword(page: Page, current: string, next: string, confirmation = next) {
  await page.getByLabel('現在のパスワード', { exact: true }).fill(current);
  await page.getByLabel('新しいパスワード', { exact: true }).fill(next);
  await page.getByLabel('新しいパスワード (確認)', { exact: true }).fill(confirmation);
  await page.getByRole('button', { name: '変更', exact: true }).click();
}

test.describe('The manual’s journey in Japanese', () => {
  test('from the temporary password to sign-out and back', async ({ page }) => {
    const account = issueAccount();

    // ログイン
    await page.goto('/login');
    // Hydrated first: a click in the instant the prerendered page hands over to Angular can be lost.
    await page.waitForLoadState('networkidle');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
    await expect(page.getByText('管理機能').first()).toBeVisible();
    await expect(page.getByText('ユーザ名とパスワードを入力してください。')).toBeVisible();
    await expect(
      page.getByText(
        '※アカウント管理者でログインする場合は、アカウント管理者のユーザ名を入力してください。',
      ),
    ).toBeVisible();
    await screenshot(page, 'ja-01-login');
    const password = page.getByLabel('パスワード', { exact: true });
    await password.fill(account.temporaryPassword);
    await expect(password).toHaveAttribute('type', 'password');
    await page.getByRole('button', { name: /表示/ }).first().click();
    await expect(password).toHaveAttribute('type', 'text');
    await signIn(page, account.username, account.temporaryPassword);

    // パスワード変更 (forced)
    await expect(page).toHaveURL(/\/password\/required$/);
    await expect(page.getByRole('heading', { name: 'パスワード変更' })).toBeVisible();
    await expect(
      page.getByText('このアカウントの利用を開始するためにはパスワードを変更する必要があります。'),
    ).toBeVisible();
    await expect(page.getByText(account.username, { exact: true })).toBeVisible();
    await expect(page.getByText(POLICY_TEXT)).toBeVisible();
    await expect(page.getByRole('button', { name: '変更', exact: true })).toBeVisible();
    await screenshot(page, 'ja-02-forced-change');

    // Every client route leads back to the forced change while the password is temporary, which
    // remembers the page to open after it.
    for (const path of ['/', '/settings', '/password', '/settings/mfa']) {
      await page.goto(path);
      const remembered = path === '/' ? '' : `?returnUrl=${encodeURIComponent(path)}`;
      await expect(page).toHaveURL(
        (url) => url.pathname === '/password/required' && url.search === remembered,
      );
    }
    // From the top nothing is remembered, so the change below leads to the top page.
    await page.goto('/');
    await expect(page).toHaveURL(/\/password\/required$/);

    // Each policy violation is shown: the client's checks…
    await changePassword(page, account.temporaryPassword, 'ａbc', 'something else');
    const summary = page.getByRole('alert');
    await expect(summary).toBeVisible();
    await expect(summary).toContainText('10文字以上');
    await expect(summary).toContainText('半角');
    await expect(summary).toContainText('英大文字');
    await expect(summary).toContainText('一致');
    await screenshot(page, 'ja-03-client-violations');
    // …the username rule…
    await changePassword(page, account.temporaryPassword, `Xx1-${account.username}`);
    await expect(page.getByRole('alert')).toContainText('ユーザ名');
    // …the current password and the upper length bound…
    await changePassword(page, account.temporaryPassword, account.temporaryPassword);
    await expect(page.getByRole('alert')).toContainText(
      '現在のパスワードと異なるものにしてください',
    );
    await changePassword(page, account.temporaryPassword, `A1${'a'.repeat(254)}`);
    await expect(page.getByRole('alert')).toContainText('255文字以内にしてください');
    // …and the rules only the server knows: a common password, and a wrong current password.
    await changePassword(page, account.temporaryPassword, 'Password123!');
    await expect(page.getByRole('alert')).toContainText('よく使われている');
    const chosen = newPassword();
    await changePassword(page, 'wrong-password', chosen);
    await expect(page.getByRole('alert')).toContainText('現在のパスワードが正しくありません');
    await screenshot(page, 'ja-04-server-violations');

    await changePassword(page, account.temporaryPassword, chosen);

    // トップ
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByText('利用する管理機能を選択してください。')).toBeVisible();
    const header = page.getByRole('banner');
    await expect(header).toContainText('アカウント有効期限: -');
    await expect(header).toContainText('一般ユーザ');
    await expect(header.getByRole('button', { name: 'ログアウト' })).toBeVisible();
    const nav = page.getByRole('navigation');
    for (const item of ['トップ', '管理機能利用設定', 'パスワード変更']) {
      await expect(nav.getByRole('link', { name: item })).toBeVisible();
    }
    await expect(nav.getByRole('link', { name: 'トップ' })).toHaveAttribute('aria-current', 'page');
    const main = page.getByRole('main');
    await expect(
      main.getByText('管理機能利用についての各種設定を管理することができます。'),
    ).toBeVisible();
    await expect(
      main.getByText('登録されているパスワードを変更することができます。'),
    ).toBeVisible();
    await screenshot(page, 'ja-05-top');
    // Said once: reloading the page does not say again that the password was changed.
    await expect(page.getByText('パスワードを変更しました。')).toBeVisible();
    await page.reload();
    // The app has run the reloaded page's navigation (its history entry has no notice left), and
    // rendered it.
    await expect
      .poll(() => page.evaluate(() => JSON.stringify(history.state)))
      .not.toContain('passwordChanged');
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done))));
    await expect(page.getByText('利用する管理機能を選択してください。')).toBeVisible();
    await expect(page.getByText('パスワードを変更しました。')).toHaveCount(0);

    // 管理機能利用設定
    await main.getByRole('link', { name: /管理機能利用設定/ }).click();
    await expect(page).toHaveURL(/\/settings$/);
    await expect(page.getByText('管理機能利用設定のサブメニューです。')).toBeVisible();
    await expect(page.getByRole('main').getByRole('link', { name: /^多要素認証/ })).toBeVisible();
    await expect(
      page.getByRole('main').getByRole('link', { name: /パスワード変更/ }),
    ).toBeVisible();
    await expect(
      page.getByText('それぞれの機能の詳しい解説や手順はサポートページをご確認ください。'),
    ).toBeVisible();
    await screenshot(page, 'ja-06-settings');

    // パスワード変更 (voluntary)
    await nav.getByRole('link', { name: 'パスワード変更' }).click();
    await expect(page).toHaveURL(/\/password$/);
    await expect(page.getByRole('heading', { name: 'パスワード変更' })).toBeVisible();
    await expect(
      page.getByText('このアカウントの利用を開始するためにはパスワードを変更する必要があります。'),
    ).toHaveCount(0);
    // A recent password (the temporary one is in the history) is refused by the server.
    await changePassword(page, chosen, account.temporaryPassword);
    await expect(page.getByRole('alert')).toContainText('最近使った5個のパスワードは使えません');
    const second = newPassword();
    await changePassword(page, chosen, second);
    await expect(page.getByText('パスワードを変更しました。')).toBeVisible();
    await screenshot(page, 'ja-07-voluntary-change');

    // ログアウト
    await page.getByRole('banner').getByRole('button', { name: 'ログアウト' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto('/');
    await expect(page).toHaveURL(/\/login$/);

    // The old password fails with the one generic message; the new one works.
    await signIn(page, account.username, chosen);
    await expect(page.getByText('ユーザ名またはパスワードが正しくありません。')).toBeVisible();
    await expect(page).toHaveURL(/\/login$/);
    await screenshot(page, 'ja-08-login-failed');
    await signIn(page, account.username, second);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByText('利用する管理機能を選択してください。')).toBeVisible();
  });

  test('shows the account’s expiry date and the administrator role in the shell', async ({
    page,
  }) => {
    const account = issueAccount({ role: 'admin', expires: '2099-12-31' });
    await signIn(page, account.username, account.temporaryPassword);
    await expect(page).toHaveURL(/\/password\/required$/);
    await changePassword(page, account.temporaryPassword, newPassword());
    await expect(page).toHaveURL(/\/$/);
    const header = page.getByRole('banner');
    await expect(header).toContainText(/アカウント有効期限: 2099.12.31/);
    await expect(header).toContainText('アカウント管理者');
    await screenshot(page, 'ja-09-top-admin-with-expiry');
  });

  test('refuses an expired account with a message that says so', async ({ page }) => {
    const account = issueAccount({ expires: '2020-01-01' });
    await signIn(page, account.username, account.temporaryPassword);
    await expect(page.getByText(/有効期限が切れています/)).toBeVisible();
    await expect(page).toHaveURL(/\/login$/);
  });
});

test.describe('The journey in English', () => {
  test.use({ locale: 'en-US' });

  test('an English browser gets the English screens, and the switch is remembered', async ({
    page,
  }) => {
    const account = issueAccount();
    await page.goto('/login');
    // Hydrated first: a click in the instant the prerendered page hands over to Angular can be lost.
    await page.waitForLoadState('networkidle');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
    await screenshot(page, 'en-01-login');
    await page.getByLabel('Username', { exact: true }).fill(account.username);
    await page.getByLabel('Password', { exact: true }).fill(account.temporaryPassword);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    await expect(page).toHaveURL(/\/password\/required$/);
    await expect(page.getByRole('heading', { name: 'Change password' })).toBeVisible();
    await screenshot(page, 'en-02-forced-change');
    const chosen = newPassword();
    await page.getByLabel('Current password', { exact: true }).fill(account.temporaryPassword);
    await page.getByLabel('New password', { exact: true }).fill(chosen);
    await page.getByLabel('New password (confirm)', { exact: true }).fill(chosen);
    await page.getByRole('button', { name: 'Change', exact: true }).click();

    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('banner')).toContainText('General user');
    await screenshot(page, 'en-03-top');

    // The switch: to Japanese, and it stays Japanese on the next visit.
    await page.getByRole('button', { name: '日本語' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
    await page.goto('/settings');
    await expect(page.getByText('管理機能利用設定のサブメニューです。')).toBeVisible();
  });
});

import { expect, test, type APIRequestContext } from '@playwright/test';
import {
  createContract as createContractIn,
  expectNoSeriousViolations,
  newPassword,
  screenshot,
  signIn,
  signInFirstTime,
} from './support';

const createContract = (admins: number, users: number) =>
  createContractIn(admins, users, 'e2e-sec');

/** Wrong passwords sent as a browser would (with the CSRF cookie), from a context of their own. */
async function failSignIns(request: APIRequestContext, username: string, times: number) {
  await request.get('/api/health');
  const { cookies } = await request.storageState();
  const xsrf = cookies.find((c) => c.name === 'XSRF-TOKEN')?.value ?? '';
  for (let i = 0; i < times; i += 1) {
    const res = await request.post('/api/auth/login', {
      data: { username, password: 'Wrong-pass-123456' },
      headers: { 'X-XSRF-TOKEN': xsrf },
    });
    expect(res.status()).toBe(401);
  }
}

test.describe('Lockouts and the security log in the browser', () => {
  test('an administrator sees a locked user, unlocks it, and finds the unlock and the failed sign-ins in the security log', async ({
    page,
    browser,
  }) => {
    const contract = createContract(1, 1);
    const [admin, user] = contract.accounts;
    const userPassword = await signInFirstTime(page, user.username, user.temporaryPassword);
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await expect(page).toHaveURL(/\/login$/);

    const attacker = await browser.newContext();
    await failSignIns(attacker.request, user.username, 10);

    await signInFirstTime(page, admin.username, admin.temporaryPassword);
    await page.goto('/admin');
    const row = page.getByRole('row').filter({ hasText: user.username });
    await expect(row).toContainText('ロック中');
    await page.getByLabel('状態').selectOption({ label: 'ロック中' });
    await page.getByRole('button', { name: '表示' }).click();
    await expect(page.getByRole('table').locator('tbody tr')).toHaveCount(1);
    await screenshot(page, 'admin-security-01-locked');

    await row.getByRole('link', { name: user.username }).click();
    await page.getByRole('button', { name: 'ロックを解除' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('ロックを解除');
    await dialog.getByRole('button', { name: '解除する' }).click();
    await expect(page.getByRole('status').filter({ hasText: '実行しました' })).toBeVisible();
    await expect(page.locator('.state')).toHaveText('利用中');

    await page.getByRole('link', { name: 'アカウント管理に戻る' }).click();
    await page
      .getByRole('navigation', { name: 'アカウント管理' })
      .getByRole('link', { name: 'セキュリティログ' })
      .click();
    await expect(page).toHaveURL(/\/admin\/audit$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('セキュリティログ');
    await expect(page.getByRole('columnheader')).toHaveText([
      '日時',
      '種類',
      '操作者',
      '対象',
      'IPアドレス',
      '詳細',
    ]);
    const first = page.locator('tbody tr').first();
    await expect(first).toContainText('アカウントのロック解除');
    await expect(first).toContainText(admin.username);
    await expect(first).toContainText(user.username);

    await page.getByLabel('種類').selectOption('sign_in.failed');
    await page.getByLabel('ユーザ名').fill(user.username);
    await page.getByRole('button', { name: '表示' }).click();
    await expect(page.locator('tbody tr')).toHaveCount(10);
    await expect(page.locator('tbody tr').first()).toContainText('ログイン失敗');
    await screenshot(page, 'admin-security-02-log');

    // The unlocked user gets in with the right password.
    const again = await browser.newPage();
    await signIn(again, user.username, userPassword);
    await expect(again).toHaveURL(/\/$/);
    await again.close();
    await attacker.close();
  });

  for (const locale of ['ja-JP', 'en-US']) {
    test.describe(`the security log screen (${locale})`, () => {
      test.use({ locale });

      test('has no serious or critical accessibility findings', async ({ page }) => {
        const contract = createContract(1, 1);
        const [admin] = contract.accounts;
        await signIn(page, admin.username, admin.temporaryPassword);
        await expect(page).toHaveURL(/\/password\/required$/);
        const chosen = newPassword();
        await page.locator('input[autocomplete="current-password"]').fill(admin.temporaryPassword);
        const fresh = page.locator('input[autocomplete="new-password"]');
        await fresh.nth(0).fill(chosen);
        await fresh.nth(1).fill(chosen);
        await page.locator('form button[type="submit"]').click();
        await expect(page).toHaveURL(/\/$/);

        await page.goto('/admin/audit');
        const title = locale === 'ja-JP' ? 'セキュリティログ' : 'Security log';
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
        await expect(page.locator('tbody tr').first()).toBeVisible();
        await expectNoSeriousViolations(page, `security log (${locale})`);
      });
    });
  }
});

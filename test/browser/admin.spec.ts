import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import {
  createContract as createContractIn,
  expectNoSeriousViolations,
  operatorCli,
  screenshot,
  signIn,
  signInFirstTime,
} from './support';

const cli = operatorCli;
const createContract = (admins: number, users: number) =>
  createContractIn(admins, users, 'e2e-corp');

function inDays(days: number): string {
  const d = new Date(Date.now() + days * 24 * 60 * 60 * 1000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(d);
}

test.describe('Account administration in the browser', () => {
  test('the administrator sees exactly their contract, issues an account and copies its temporary password; that user signs in to the forced change', async ({
    page,
    context,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const contract = createContract(1, 3);
    const other = createContract(1, 2);
    const admin = contract.accounts[0];

    await signInFirstTime(page, admin.username, admin.temporaryPassword);
    await expect(
      page.getByRole('navigation').getByRole('link', { name: 'アカウント管理' }),
    ).toBeVisible();
    await screenshot(page, 'admin-01-top');
    await page
      .getByRole('main')
      .getByRole('link', { name: /アカウント管理/ })
      .click();
    await expect(page).toHaveURL(/\/admin$/);

    const table = page.getByRole('table');
    await expect(table.getByRole('row')).toHaveCount(5);
    const listed = await table.locator('tbody th a').allTextContents();
    expect(listed.map((s) => s.trim()).sort()).toEqual(
      contract.accounts.map((a) => a.username).sort(),
    );
    for (const stranger of other.accounts) expect(listed).not.toContain(stranger.username);
    await expect(page.getByRole('columnheader')).toHaveText([
      'ユーザ名',
      '権限',
      '状態',
      '有効期限',
      '多要素認証',
      'パスキー',
      '最終ログイン',
    ]);
    await screenshot(page, 'admin-02-list');

    // Search narrows the list on the server.
    await page.getByLabel('ユーザ名で検索').fill(contract.accounts[2].username);
    await page.getByRole('button', { name: '表示' }).click();
    await expect(table.getByRole('row')).toHaveCount(2);

    // Issue one more.
    await page.goto('/admin');
    await page.getByRole('link', { name: 'アカウントを発行' }).click();
    await page.getByRole('button', { name: '発行する' }).click();
    await expect(page.getByRole('alert')).toContainText('ユーザ名を入力してください。');
    await screenshot(page, 'admin-03-issue-errors');
    const username = `e2e-new-${randomBytes(3).toString('hex')}`;
    await page.getByLabel('ユーザ名', { exact: true }).fill(username);
    await page.getByRole('button', { name: '発行する' }).click();
    await expect(page.getByText('アカウントを発行しました。')).toBeVisible();
    const shown = (await page.locator('#temporary-password').textContent())?.trim() ?? '';
    expect(shown.length).toBeGreaterThanOrEqual(10);
    await page.getByRole('button', { name: 'コピー' }).click();
    await expect(page.getByText('仮パスワードをコピーしました。')).toBeVisible();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(shown);
    await screenshot(page, 'admin-04-issued');

    await page.getByRole('button', { name: 'ログアウト' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await signIn(page, username, copied);
    await expect(page).toHaveURL(/\/password\/required$/);
    // A general user has no way into the admin area.
    await page.goto('/admin');
    await expect(page).toHaveURL(/\/password\/required\?returnUrl=%2Fadmin$/);
  });

  test('bulk issue: a bad row creates nothing and is named; a good file is issued and downloaded once', async ({
    page,
  }) => {
    const contract = createContract(1, 0);
    const admin = contract.accounts[0];
    await signInFirstTime(page, admin.username, admin.temporaryPassword);
    await page.goto('/admin/accounts/bulk');

    const prefix = `e2e-b-${randomBytes(3).toString('hex')}`;
    await page.getByLabel('CSV ファイル').setInputFiles({
      name: 'accounts.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`username,role\n${prefix}-1,user\nbad name,user\n${prefix}-3,owner\n`),
    });
    await page.getByRole('button', { name: '発行する', exact: true }).click();
    const summary = page.getByRole('alert');
    await expect(summary).toContainText('3 行目');
    await expect(summary).toContainText('4 行目');
    await screenshot(page, 'admin-05-bulk-errors');
    await page.goto('/admin');
    await expect(page.getByRole('table').getByRole('row')).toHaveCount(2);

    await page.goto('/admin/accounts/bulk');
    await page.getByLabel('CSV ファイル').setInputFiles({
      name: 'accounts.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${prefix}-1\n${prefix}-2,admin\n${prefix}-3,,${inDays(30)}\n`),
    });
    await page.getByRole('button', { name: '発行する', exact: true }).click();
    await expect(page.getByText('3 件のアカウントを発行しました。')).toBeVisible();
    await screenshot(page, 'admin-06-bulk-done');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'アカウント一覧表をダウンロード' }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('プラン,アカウント (ユーザ名),初期パスワード,サービス,権限');
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual([
      `${prefix}-1`,
      `${prefix}-2`,
      `${prefix}-3`,
    ]);
    const [, user, password] = lines[2].split(',');
    await page.getByRole('button', { name: 'ログアウト' }).click();
    // Wait for the sign-out to land; otherwise /login may still see the live session and move on.
    await expect(page).toHaveURL(/\/login$/);
    await signIn(page, user, password.replace(/^"|"$/g, ''));
    await expect(page).toHaveURL(/\/password\/required$/);
  });

  test('disabling ends the user’s live session; the last administrator cannot disable themselves', async ({
    browser,
  }) => {
    const contract = createContract(1, 1);
    const [admin, user] = contract.accounts;
    const adminPage = await (await browser.newContext()).newPage();
    const userPage = await (await browser.newContext()).newPage();
    await signInFirstTime(adminPage, admin.username, admin.temporaryPassword);
    await signInFirstTime(userPage, user.username, user.temporaryPassword);

    await adminPage.goto('/admin');
    await adminPage.getByRole('link', { name: user.username }).click();
    await expect(adminPage.getByRole('heading', { level: 1 })).toContainText(user.username);
    await screenshot(adminPage, 'admin-07-detail');
    await adminPage.getByRole('button', { name: '無効にする' }).click();
    const dialog = adminPage.getByRole('dialog');
    await expect(dialog).toContainText('このアカウントを無効にします。');
    await screenshot(adminPage, 'admin-08-confirm');
    await dialog.getByRole('button', { name: '無効にする' }).click();
    await expect(adminPage.getByText('「無効にする」を実行しました。')).toBeVisible();
    await expect(adminPage.locator('.details')).toContainText('無効');

    // The user's next request finds the session gone.
    await userPage.goto('/settings');
    await expect(userPage).toHaveURL(/\/login\?returnUrl=%2Fsettings$/);

    // The administrator's own account: disabling it is refused and said so.
    await adminPage.goto('/admin');
    await adminPage.getByRole('link', { name: admin.username }).click();
    await adminPage.getByRole('button', { name: '無効にする' }).click();
    await adminPage.getByRole('dialog').getByRole('button', { name: '無効にする' }).click();
    await expect(adminPage.getByRole('alert')).toContainText('最後のアカウント管理者');
    await screenshot(adminPage, 'admin-09-last-admin');
    await adminPage.goto('/admin');
    await expect(adminPage.getByRole('table')).toBeVisible();
  });

  test('a contract’s end date shows in its users’ shell as the expiry when it comes first', async ({
    page,
  }) => {
    const contract = createContract(0, 1);
    const end = inDays(10);
    cli('org', 'end', '--name', contract.organization.name, '--on', end, '--json');
    const [user] = contract.accounts;

    await signInFirstTime(page, user.username, user.temporaryPassword);

    await expect(page.locator('.account__item').first()).toHaveText(
      `アカウント有効期限: ${end.replaceAll('-', '/')}`,
    );
  });
});

for (const locale of ['ja-JP', 'en-US']) {
  test.describe(`Accessibility of the admin screens (${locale})`, () => {
    test.use({ locale });

    test('list, issue, bulk, detail and confirmation', async ({ page }) => {
      const contract = createContract(1, 2);
      const admin = contract.accounts[0];
      await signInFirstTime(page, admin.username, admin.temporaryPassword);

      await page.goto('/admin');
      await expect(page.getByRole('table')).toBeVisible();
      await expectNoSeriousViolations(page, 'list');
      if (locale === 'en-US') await screenshot(page, 'admin-en-list');

      await page.goto('/admin/accounts/new');
      await page.locator('form button[type="submit"]').click();
      await expect(page.getByRole('alert')).toBeVisible();
      await expectNoSeriousViolations(page, 'issue with errors');
      await page.locator('#issue-username').fill(`e2e-ax-${randomBytes(3).toString('hex')}`);
      await page.locator('form button[type="submit"]').click();
      await expect(page.locator('#temporary-password')).toBeVisible();
      await expectNoSeriousViolations(page, 'issued');

      await page.goto('/admin/accounts/bulk');
      await page.locator('#bulk-file').setInputFiles({
        name: 'a.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('bad name\n'),
      });
      await page.locator('form button[type="submit"]').click();
      await expect(page.getByRole('alert')).toBeVisible();
      await expectNoSeriousViolations(page, 'bulk with errors');
      if (locale === 'en-US') await screenshot(page, 'admin-en-bulk-errors');

      await page.goto('/admin');
      await page.getByRole('link', { name: contract.accounts[1].username }).click();
      await expect(page.locator('.details')).toBeVisible();
      await expectNoSeriousViolations(page, 'detail');
      await page.locator('.action').nth(0).getByRole('button').click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await expectNoSeriousViolations(page, 'confirmation');
      if (locale === 'en-US') await screenshot(page, 'admin-en-confirm');
    });
  });
}

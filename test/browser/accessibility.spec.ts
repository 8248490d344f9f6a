import { expect, test } from '@playwright/test';
import { expectNoSeriousViolations, issueAccount, newPassword } from './support';

/** axe on the page as it is now; serious and critical findings fail, with their details. */
for (const locale of ['ja-JP', 'en-US']) {
  test.describe(`Accessibility (${locale})`, () => {
    test.use({ locale });

    test('every screen, with its error states', async ({ page }) => {
      const account = issueAccount();
      const login = locale === 'ja-JP' ? 'ログイン' : 'Sign in';
      const submit = locale === 'ja-JP' ? '変更' : 'Change';

      await page.goto('/login');
      // Hydrated first: a click in the instant the prerendered page hands over to Angular can be lost.
      await page.waitForLoadState('networkidle');
      await expect(page.getByRole('button', { name: login, exact: true })).toBeVisible();
      await expectNoSeriousViolations(page, 'login');

      await page.getByRole('button', { name: login, exact: true }).click();
      await expect(page.getByRole('alert')).toBeVisible();
      await expectNoSeriousViolations(page, 'login with errors');

      await page.locator('input[autocomplete~="username"]').fill(account.username);
      await page.locator('input[autocomplete="current-password"]').fill(account.temporaryPassword);
      await page.getByRole('button', { name: login, exact: true }).click();
      await expect(page).toHaveURL(/\/password\/required$/);
      await expectNoSeriousViolations(page, 'forced change');

      await page.getByRole('button', { name: submit, exact: true }).click();
      await expect(page.getByRole('alert')).toBeVisible();
      await expectNoSeriousViolations(page, 'forced change with errors');

      const chosen = newPassword();
      await page.locator('input[autocomplete="current-password"]').fill(account.temporaryPassword);
      const fresh = page.locator('input[autocomplete="new-password"]');
      await fresh.nth(0).fill(chosen);
      await fresh.nth(1).fill(chosen);
      await page.getByRole('button', { name: submit, exact: true }).click();
      await expect(page).toHaveURL(/\/$/);

      for (const path of ['/', '/settings', '/settings/mfa', '/password']) {
        await page.goto(path);
        await expect(page.getByRole('main')).toBeVisible();
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await expectNoSeriousViolations(page, path);
      }
    });
  });
}

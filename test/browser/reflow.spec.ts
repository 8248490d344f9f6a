import { expect, test, type Page } from '@playwright/test';
import { issueAccount, screenshot, signIn, signInFirstTime } from './support';

// WCAG 2.1 1.4.10 (Reflow): at 320 CSS pixels nothing may need scrolling sideways, except the data
// tables, which scroll inside their own region. 375 is the common phone.
const WIDTHS = [320, 375];

/** What sticks out of the viewport: the page's sideways overflow and every control past its edge. */
async function overflow(page: Page): Promise<{ page: number; controls: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const controls = [...document.querySelectorAll<HTMLElement>('input, select, textarea, button')]
      .filter((el) => el.offsetParent !== null && !el.closest('.table-scroll'))
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return box.left < -0.5 || box.right > width + 0.5;
      })
      .map((el) => `${el.tagName.toLowerCase()}#${el.id || '?'} (${el.outerHTML.slice(0, 60)})`);
    return { page: document.documentElement.scrollWidth - width, controls };
  });
}

async function expectReflows(page: Page, screen: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    const found = await overflow(page);
    if (found.page > 0 || found.controls.length > 0) {
      await screenshot(page, `reflow-${screen.replaceAll('/', '_')}-${width}`);
    }
    expect({ screen, width, ...found }).toEqual({ screen, width, page: 0, controls: [] });
  }
}

for (const locale of ['ja-JP', 'en-US']) {
  test.describe(`Reflow at phone widths (${locale})`, () => {
    test.use({ locale });

    test('no screen scrolls sideways at 320 or 375 pixels', async ({ page }) => {
      const user = issueAccount();
      const admin = issueAccount({ role: 'admin' });

      await page.goto('/login');
      await expectReflows(page, 'login');
      await signIn(page, user.username, user.temporaryPassword);
      await expect(page).toHaveURL(/\/password\/required$/);
      await expectReflows(page, 'password/required');

      await page.context().clearCookies();
      await page.setViewportSize({ width: 1280, height: 800 });
      await signInFirstTime(page, admin.username, admin.temporaryPassword);
      const screens = [
        '/',
        '/settings',
        '/settings/mfa',
        '/settings/sessions',
        '/settings/activity',
        '/password',
        '/admin',
        '/admin/accounts/new',
        '/admin/accounts/bulk',
        '/admin/audit',
      ];
      for (const path of screens) {
        await page.setViewportSize({ width: 1280, height: 800 });
        await page.goto(path);
        await expectReflows(page, path);
      }

      await page.setViewportSize({ width: 1280, height: 800 });
      // Searched for: the shared contract of issueAccount holds every spec's accounts, more than a page.
      await page.goto(`/admin?q=${user.username}`);
      await page.getByRole('link', { name: user.username }).click();
      await expect(page).toHaveURL(/\/admin\/accounts\/[0-9a-f-]+$/);
      await expectReflows(page, '/admin/accounts/:id');
    });
  });
}

import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { base32Decode, totp } from '../support/totp';
import {
  createContract,
  expectNoSeriousViolations,
  idleUntilWarned,
  installIdleClock,
  issueAccount,
  screenshot,
  signIn,
  signInFirstTime,
} from './support';

// Issue #17, the rest of points 3, 6 and 9: what was typed survives the idle timeout, the account
// page lists the account's sessions, and turning MFA on asks for the password once. Both
// languages, a desk's width and a phone's, asserting what the user sees, axe on every new state.

const TEXT = {
  'ja-JP': {
    settings: '管理機能利用設定',
    password: 'パスワード変更',
    current: '現在のパスワード',
    fresh: '新しいパスワード',
    issuePage: 'アカウントを発行',
    idleTitle: 'まもなく自動的にログアウトされます',
    idleSignedOut: '一定時間操作がなかったため、ログアウトしました。',
    kept: (page: string) =>
      `「${page}」で入力中だった内容は、ログインすると同じページに復元されます。`,
    keptPasswords: 'パスワードは保存されないため、ログイン後にもう一度入力する必要があります。',
    restored: 'ログアウトされる前に入力していた内容を復元しました。',
    restoredPasswords: 'パスワードは保存されないため、もう一度入力してください。',
    sessions: 'ログイン中のセッション',
    thisDevice: 'この端末',
    noSessions: 'このアカウントでログイン中のセッションはありません。',
    events: 'このアカウントのセキュリティログを見る',
    endSessions: 'すべてのセッションを終了',
    endSessionsConfirm: '終了する',
    browserHeader: 'ブラウザ',
    start: '多要素認証を有効にする',
    code: '確認コード',
    turnOn: '有効にする',
    openApp: '認証アプリで開く',
    copyKey: 'キーをコピー',
    keyCopied: 'キーをコピーしました。',
    saved: 'リカバリーコードを安全な場所に保存しました',
    done: '完了',
    download: 'ダウンロード',
    endOthers: '他の端末のセッションを終了する',
    endedOne: '他の端末のセッションを1件終了しました。',
    regenerate: 'リカバリーコードを再発行する',
    held: 'パスワードは確認済みです。',
    codesTitle: 'リカバリーコード',
  },
  'en-US': {
    settings: 'Usage settings',
    password: 'Change password',
    current: 'Current password',
    fresh: 'New password',
    issuePage: 'Issue an account',
    idleTitle: 'You will be signed out soon',
    idleSignedOut: 'You were signed out because nothing was done for a while.',
    kept: (page: string) =>
      `What you were typing on “${page}” will be put back on the same page when you sign in.`,
    keptPasswords:
      'Passwords are never kept, so you will need to type them again after signing in.',
    restored: 'What you had typed before you were signed out has been put back.',
    restoredPasswords: 'Passwords are never kept: type them again.',
    sessions: 'Signed-in sessions',
    thisDevice: 'This device',
    noSessions: 'This account is not signed in anywhere.',
    events: 'See this account’s events in the security log',
    endSessions: 'End all sessions',
    endSessionsConfirm: 'End',
    browserHeader: 'Browser',
    start: 'Turn on multi-factor authentication',
    code: 'Verification code',
    turnOn: 'Turn on',
    openApp: 'Open in the authenticator app',
    copyKey: 'Copy the key',
    keyCopied: 'The key has been copied.',
    saved: 'I have saved the recovery codes in a safe place',
    done: 'Done',
    download: 'Download',
    endOthers: 'End sessions on other devices',
    endedOne: 'Ended 1 session on another device.',
    regenerate: 'Get new recovery codes',
    held: 'Your password is confirmed',
    codesTitle: 'Recovery codes',
  },
} as const;

/** What a sighted keyboard user needs: it has the focus and it is on screen. */
async function expectFocusedInView(target: Locator): Promise<void> {
  await expect(target).toBeFocused();
  await expect(target).toBeInViewport();
}

/** Nothing sticks out sideways: the page scrolls only up and down (WCAG 1.4.10 reflow). */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

/** The idle timeout runs out (30 minutes by default): the warning first, then the end. */
async function idleOut(page: Page, idleTitle: string): Promise<void> {
  await expect(await idleUntilWarned(page)).toContainText(idleTitle);
  await page.clock.fastForward('03:00');
}

/** A second browser of the same account, signed in (and left there). */
async function elsewhere(browser: Browser, username: string, password: string): Promise<Page> {
  const context = await browser.newContext();
  const other = await context.newPage();
  await signIn(other, username, password);
  await expect(other).toHaveURL(/\/$/);
  return other;
}

for (const locale of ['ja-JP', 'en-US'] as const) {
  for (const width of [1280, 375]) {
    const t = TEXT[locale];
    const tag = `${locale}-${width}`;

    test.describe(`Feedback where the user is, continued (${locale}, ${width} px)`, () => {
      test.use({ locale, viewport: { width, height: 800 } });

      test('the idle timeout keeps what was typed in a form, says so, and puts it back after signing in', async ({
        page,
      }) => {
        await installIdleClock(page);
        const [admin] = createContract(1, 0).accounts;
        const password = await signInFirstTime(page, admin.username, admin.temporaryPassword);
        await page.goto('/admin/accounts/new');
        const username = page.locator('#issue-username');
        await username.fill('sato-keiko');

        await idleOut(page, t.idleTitle);
        await expect(page).toHaveURL(/\/login\?returnUrl=%2Fadmin%2Faccounts%2Fnew$/);
        const status = page.getByRole('status').filter({ hasText: t.idleSignedOut });
        await expect(status).toContainText(t.kept(t.issuePage));
        await expect(status).toBeInViewport();
        await expectNoSeriousViolations(page, 'login page with a kept draft');
        await screenshot(page, `h4-${tag}-login-draft-kept`);

        await page.locator('input[autocomplete~="username"]').fill(admin.username);
        await page.locator('input[autocomplete="current-password"]').fill(password);
        await page.locator('form button[type="submit"]').click();
        await expect(page).toHaveURL(/\/admin\/accounts\/new$/);
        await expect(username).toHaveValue('sato-keiko');
        const notice = page.getByTestId('draft-restored');
        await expect(notice).toContainText(t.restored);
        await expectFocusedInView(notice);
        await expectNoSeriousViolations(page, 'draft restored');
        await screenshot(page, `h4-${tag}-draft-restored`);

        // Put back once: the next visit is an empty form again.
        await page.getByRole('navigation').getByRole('link', { name: t.settings }).click();
        await page.goto('/admin/accounts/new');
        await expect(page.locator('#issue-username')).toHaveValue('');
        await expect(page.getByTestId('draft-restored')).toHaveCount(0);
      });

      test('a password form loses its passwords at the idle timeout, and both pages say they must be typed again', async ({
        page,
      }) => {
        await installIdleClock(page);
        const account = issueAccount();
        const password = await signInFirstTime(page, account.username, account.temporaryPassword);
        await page.getByRole('navigation').getByRole('link', { name: t.password }).click();
        await page.getByLabel(t.current, { exact: true }).fill(password);
        await page.getByLabel(t.fresh, { exact: true }).fill('Another-password-2026');

        await idleOut(page, t.idleTitle);
        await expect(page).toHaveURL(/\/login\?returnUrl=%2Fpassword$/);
        await expect(page.getByRole('status')).toContainText(t.keptPasswords);
        // Never written down: the tab's storage holds no password.
        const stored = await page.evaluate(() => JSON.stringify(sessionStorage));
        expect(stored).not.toContain(password);
        expect(stored).not.toContain('Another-password-2026');
        await screenshot(page, `h4-${tag}-login-passwords-not-kept`);

        await page.locator('input[autocomplete~="username"]').fill(account.username);
        await page.locator('input[autocomplete="current-password"]').fill(password);
        await page.locator('form button[type="submit"]').click();
        await expect(page).toHaveURL(/\/password$/);
        const notice = page.getByTestId('draft-restored');
        await expect(notice).toHaveText(t.restoredPasswords);
        await expectFocusedInView(notice);
        await expect(page.getByLabel(t.current, { exact: true })).toHaveValue('');
        await expectNoSeriousViolations(page, 'passwords to type again');
        await screenshot(page, `h4-${tag}-passwords-again`);
      });

      test('the account page lists the account’s sessions and links its events; ending them empties the list', async ({
        page,
        browser,
      }) => {
        const contract = createContract(1, 1);
        const admin = contract.accounts.find((a) => a.role === 'admin')!;
        const user = contract.accounts.find((a) => a.role === 'user')!;
        const userPage = await (await browser.newContext()).newPage();
        const userPassword = await signInFirstTime(userPage, user.username, user.temporaryPassword);
        await elsewhere(browser, user.username, userPassword);
        await signInFirstTime(page, admin.username, admin.temporaryPassword);

        await page.goto('/admin');
        await page.getByRole('link', { name: user.username }).first().click();
        const section = page.getByTestId('account-sessions');
        await expect(section.getByRole('heading', { name: t.sessions })).toBeVisible();
        const rows = section.locator('tbody tr');
        await expect(rows).toHaveCount(2);
        // Browser and system from the server's reading of the user agent, the address, the times.
        await expect(rows.first()).toContainText('Chrome');
        await expect(rows.first()).toContainText('Linux');
        await expect(rows.first()).toContainText('127.0.0.1');
        await expect(rows.first()).toContainText(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/);
        await expect(section).not.toContainText(t.thisDevice);
        await section.scrollIntoViewIfNeeded();
        await expect(rows.first()).toBeInViewport();
        if (width < 640) {
          // Cards with their labels on a phone; nothing clipped sideways.
          await expect(rows.first().locator('.data-table__label').first()).toBeVisible();
        } else {
          await expect(section.getByRole('columnheader', { name: t.browserHeader })).toBeVisible();
        }
        await expectNoSidewaysScroll(page);
        await expectNoSeriousViolations(page, 'account sessions');
        await screenshot(page, `h4-${tag}-account-sessions`);

        await expect(page.getByRole('link', { name: t.events })).toHaveAttribute(
          'href',
          `/admin/audit?username=${user.username}`,
        );

        await page.getByRole('button', { name: t.endSessions }).click();
        await page.getByRole('dialog').getByRole('button', { name: t.endSessionsConfirm }).click();
        await expect(section).toContainText(t.noSessions);
        await expect(rows).toHaveCount(0);
        await expectNoSeriousViolations(page, 'account without sessions');
        await screenshot(page, `h4-${tag}-account-no-sessions`);

        // The administrator's own account marks the session they are using.
        await page.goto('/admin');
        await page.getByRole('link', { name: admin.username }).first().click();
        await expect(page.getByTestId('account-sessions').locator('tbody tr')).toHaveCount(1);
        await expect(page.getByTestId('account-sessions')).toContainText(t.thisDevice);
      });

      test('turning MFA on asks for the password once: ending the other sessions, then new recovery codes without it', async ({
        page,
        browser,
        context,
      }) => {
        await context.grantPermissions(['clipboard-read', 'clipboard-write']);
        const account = issueAccount();
        const password = await signInFirstTime(page, account.username, account.temporaryPassword);
        const other = await elsewhere(browser, account.username, password);
        let passwordsTyped = 0;

        await page.goto('/settings/mfa');
        await page.getByRole('button', { name: t.start }).click();
        // On a phone the app opens from a link, and the key copies without its spaces.
        const link = page.getByRole('link', { name: t.openApp });
        await expect(link).toHaveAttribute('href', /^otpauth:\/\/totp\//);
        const key = (await page.getByTestId('mfa-key').innerText()).trim();
        await page.getByRole('button', { name: t.copyKey }).click();
        await expect(page.getByText(t.keyCopied)).toBeVisible();
        expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
          key.replaceAll(' ', ''),
        );
        await page.getByLabel(t.code, { exact: true }).fill(totp(base32Decode(key)));
        await page.getByRole('button', { name: t.turnOn, exact: true }).click();

        await expect(page.getByRole('heading', { name: t.codesTitle })).toBeVisible();
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: t.download, exact: true }).click(),
        ]);
        // Product, user and day in the file's name.
        expect(download.suggestedFilename()).toMatch(
          new RegExp(`^Tobira-recovery-codes-${account.username}-\\d{4}-\\d{2}-\\d{2}\\.txt$`),
        );
        await page.getByLabel(t.saved).check();
        await page.getByRole('button', { name: t.done, exact: true }).click();

        // One other session: the offer, which takes the password once.
        const offer = page.getByTestId('mfa-end-others');
        await offer.getByLabel(t.current, { exact: true }).fill(password);
        passwordsTyped++;
        await offer.getByRole('button', { name: t.endOthers }).click();
        const ended = page.getByRole('status').filter({ hasText: t.endedOne });
        await expectFocusedInView(ended);
        await other.reload();
        await expect(other).toHaveURL(/\/login/);

        // New recovery codes right after: the password is held, not asked again.
        const regenerate = page.getByRole('button', { name: t.regenerate });
        const section = page.locator('section', { has: regenerate });
        await expect(section).toContainText(t.held);
        await expect(section.getByLabel(t.current, { exact: true })).toHaveCount(0);
        await expectNoSeriousViolations(page, 'password held');
        await screenshot(page, `h4-${tag}-mfa-password-held`);
        await regenerate.click();
        await expect(page.getByRole('heading', { name: t.codesTitle })).toBeVisible();
        await expect(page.getByTestId('recovery-codes').locator('li')).toHaveCount(10);
        expect(passwordsTyped).toBe(1);
      });

      test('with no other session, turning MFA on offers nothing to end', async ({ page }) => {
        const account = issueAccount();
        await signInFirstTime(page, account.username, account.temporaryPassword);
        await page.goto('/settings/mfa');
        await page.getByRole('button', { name: t.start }).click();
        const key = (await page.getByTestId('mfa-key').innerText()).trim();
        await page.getByLabel(t.code, { exact: true }).fill(totp(base32Decode(key)));
        await page.getByRole('button', { name: t.turnOn, exact: true }).click();
        await page.getByLabel(t.saved).check();
        await page.getByRole('button', { name: t.done, exact: true }).click();
        await expect(page.getByTestId('mfa-status')).toBeVisible();
        await expect(page.getByTestId('mfa-end-others')).toHaveCount(0);
      });
    });
  }
}

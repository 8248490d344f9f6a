import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  createContract as createContractIn,
  expectNoSeriousViolations,
  idleUntilWarned,
  installIdleClock,
  issueAccount,
  newPassword,
  screenshot,
  signIn,
  signInFirstTime,
} from './support';

// Issue #17: feedback where the user is. Every point in both languages, at a desk's width and a
// phone's, asserting what the user sees: in the viewport, focused, and axe-clean.

const createContract = (admins: number, users: number) => createContractIn(admins, users, 'e2e-ux');

const TEXT = {
  'ja-JP': {
    signIn: 'ログイン',
    busy: '(処理しています)',
    invalid: 'ユーザ名またはパスワードが正しくありません。',
    support: 'しばらくしてから再度お試しいただくか、アカウント管理者にお問い合わせください。',
    change: '変更',
    current: '現在のパスワード',
    fresh: '新しいパスワード',
    confirmation: '新しいパスワード (確認)',
    common: 'よく使われている',
    changed: 'パスワードを変更しました。',
    issue: '発行する',
    issued: 'アカウントを発行しました。',
    validity: '7 日間有効です',
    copy: 'コピー',
    admin: 'アカウント管理',
    settings: '管理機能利用設定',
    leave: '仮パスワードをまだコピーまたはダウンロードしていません。',
    setExpiry: '有効期限を設定',
    setConfirm: '設定する',
    reissue: '仮パスワードを再発行',
    reissueConfirm: '再発行する',
    done: (action: string) => `「${action}」を実行しました。`,
    back: 'アカウント管理に戻る',
    search: 'ユーザ名で検索',
    show: '表示',
    none: '該当するアカウントはありません。',
    clear: '条件をクリア',
    state: '状態',
    lastSignIn: '最終ログイン',
    bulkDone: (n: number) => `${n} 件のアカウントを発行しました。`,
    bulkPreview: (n: number) => `${n} 件のアカウントを発行します。`,
    download: 'アカウント一覧表をダウンロード',
    template: 'テンプレート (CSV) をダウンロード',
    idleTitle: 'まもなく自動的にログアウトされます',
    stay: 'ログインを続ける',
    idleSignedOut: '一定時間操作がなかったため、ログアウトしました。',
    signedOut: 'ログアウトされました。',
    user: '一般ユーザ',
    adminRole: 'アカウント管理者',
    makeUser: '一般ユーザにする',
    selfWarning: 'アカウント管理ができなくなり',
    expiryRequired: '有効期限の日付を入力してください。',
    events: 'このアカウントのセキュリティログを見る',
    from: '開始日',
    to: '終了日',
    toBeforeFrom: '終了日は開始日と同じか、それより後の日付にしてください。',
    exportCsv: 'CSV で出力',
    timeHeader: '日時',
    supportMfa: '「管理機能へのログインに多要素認証を利用する」',
    supportPassword: '「Tobiraのパスワードを変更する」',
  },
  'en-US': {
    signIn: 'Sign in',
    busy: '(working…)',
    invalid: 'The username or password is incorrect.',
    support: 'Try again later, or contact your account administrator.',
    change: 'Change',
    current: 'Current password',
    fresh: 'New password',
    confirmation: 'New password (confirm)',
    common: 'too commonly used',
    changed: 'Your password has been changed.',
    issue: 'Issue',
    issued: 'The account has been issued.',
    validity: '7 days from issue',
    copy: 'Copy',
    admin: 'Account administration',
    settings: 'Usage settings',
    leave: 'The temporary password has not been copied or downloaded yet.',
    setExpiry: 'Set the expiry date',
    setConfirm: 'Set',
    reissue: 'Issue a new temporary password',
    reissueConfirm: 'Issue',
    done: (action: string) => `“${action}” is done.`,
    back: 'Back to account administration',
    search: 'Search by username',
    show: 'Show',
    none: 'No accounts match.',
    clear: 'Clear the search',
    state: 'Status',
    lastSignIn: 'Last sign-in',
    bulkDone: (n: number) => `${n} accounts have been issued.`,
    bulkPreview: (n: number) => `${n} accounts will be issued.`,
    download: 'Download the account list',
    template: 'Download a template (CSV)',
    idleTitle: 'You will be signed out soon',
    stay: 'Stay signed in',
    idleSignedOut: 'You were signed out because nothing was done for a while.',
    signedOut: 'You were signed out.',
    user: 'General user',
    adminRole: 'Account administrator',
    makeUser: 'Make general user',
    selfWarning: 'no longer be able to administer accounts',
    expiryRequired: 'Enter the expiry date.',
    events: 'See this account’s events in the security log',
    from: 'From',
    to: 'To',
    toBeforeFrom: 'The end date must be the same as or later than the start date.',
    exportCsv: 'Export as CSV',
    timeHeader: 'Date and time',
    supportMfa: '“Use multi-factor authentication to sign in to the account portal”',
    supportPassword: '“Change your Tobira password”',
  },
} as const;

/** What a sighted keyboard user needs: it has the focus and it is on screen. */
async function expectFocusedInView(target: Locator): Promise<void> {
  await expect(target).toBeFocused();
  await expect(target).toBeInViewport();
}

/** Holds every request to `url` until `release` is called, counting them. */
async function holdRequests(
  page: Page,
  url: string,
): Promise<{ count: () => number; release: () => void }> {
  let count = 0;
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(url, async (route) => {
    count++;
    await released;
    await route.continue();
  });
  return { count: () => count, release };
}

for (const locale of ['ja-JP', 'en-US'] as const) {
  for (const width of [1280, 375]) {
    const t = TEXT[locale];
    const tag = `${locale}-${width}`;

    test.describe(`Feedback where the user is (${locale}, ${width} px)`, () => {
      test.use({ locale, viewport: { width, height: 800 } });

      test('sign-in shows its wait, sends once, and a refusal adds the support line, focused', async ({
        page,
      }) => {
        const account = issueAccount();
        await page.goto('/login');
        // Hydrated first: a click in the instant the prerendered page hands over to Angular can be lost.
        await page.waitForLoadState('networkidle');
        await page.locator('input[autocomplete~="username"]').fill(account.username);
        await page.locator('input[autocomplete="current-password"]').fill('Wrong-password-1');
        const held = await holdRequests(page, '**/api/auth/login');
        const button = page.locator('form button[type="submit"]');
        await button.click();

        // Busy: said in words to screen readers, a spinner on screen, and a second press sends nothing.
        await expect(button).toHaveAttribute('aria-disabled', 'true');
        await expect(button).toHaveAccessibleName(new RegExp(RegExp_escape(t.busy)));
        await expect(button.locator('.spinner')).toBeVisible();
        await expect(button).toBeInViewport();
        // A real second press and Enter in the form (force: Playwright itself would not press a
        // control marked aria-disabled).
        await button.click({ force: true });
        await page.locator('input[autocomplete="current-password"]').press('Enter');
        await expectNoSeriousViolations(page, 'login busy');
        await screenshot(page, `ux-${tag}-login-busy`);
        expect(held.count()).toBe(1);
        held.release();

        const summary = page.getByRole('alert');
        await expect(summary).toContainText(t.invalid);
        await expect(summary).toContainText(t.support);
        await expectFocusedInView(summary);
        await expect(button).not.toHaveAttribute('aria-disabled');
        expect(held.count()).toBe(1);
        await expectNoSeriousViolations(page, 'login refused');
        await screenshot(page, `ux-${tag}-login-refused`);
      });

      test('the forced change: a neutral checklist, errors that clear as they are corrected, then the page asked for, confirmed', async ({
        page,
      }) => {
        const account = issueAccount();
        // The page the user asked for before signing in is opened after the forced change.
        await page.goto('/settings');
        await expect(page).toHaveURL(/\/login\?returnUrl=%2Fsettings$/);
        await page.locator('input[autocomplete~="username"]').fill(account.username);
        await page
          .locator('input[autocomplete="current-password"]')
          .fill(account.temporaryPassword);
        await page.locator('form button[type="submit"]').click();
        await expect(page).toHaveURL(/\/password\/required\?returnUrl=%2Fsettings$/);

        // Before the first keystroke nothing is marked as failed.
        const checklist = page.locator('.checklist');
        await expect(checklist.locator('[data-state="unmet"]')).toHaveCount(0);
        await expect(checklist.locator('[data-state="met"]')).toHaveCount(0);
        await expect(checklist).not.toContainText('✕');
        await expectNoSeriousViolations(page, 'forced change, untouched');
        await screenshot(page, `ux-${tag}-checklist-neutral`);

        const current = page.getByLabel(t.current, { exact: true });
        const fresh = page.getByLabel(t.fresh, { exact: true });
        const confirmation = page.getByLabel(t.confirmation, { exact: true });
        const submit = page.getByRole('button', { name: t.change, exact: true });

        // A client-side error goes away as the user corrects the field.
        await current.fill(account.temporaryPassword);
        await fresh.fill('short');
        await confirmation.fill('short');
        await submit.click();
        const summary = page.getByRole('alert');
        await expectFocusedInView(summary);
        await expect(page.locator('#new-password-error')).toBeVisible();
        await fresh.fill('Longer-and-Fine-1');
        await expect(page.locator('#new-password-error')).toHaveCount(0);
        // …without taking the focus from the field being typed in.
        await expect(fresh).toBeFocused();

        // A server refusal (a common password) stands until the password changes.
        await fresh.fill('Password123!');
        await confirmation.fill('Password123!');
        await submit.click();
        await expect(summary).toContainText(t.common);
        await expect(checklist.locator('[data-state="unmet"]')).toHaveCount(1);
        await screenshot(page, `ux-${tag}-server-refusal`);
        const chosen = newPassword();
        await fresh.fill(chosen);
        await expect(page.getByRole('alert')).toHaveCount(0);
        await expect(checklist.locator('[data-state="unmet"]')).toHaveCount(0);

        await confirmation.fill(chosen);
        await submit.click();
        await expect(page).toHaveURL(/\/settings$/);
        const notice = page.getByRole('status').filter({ hasText: t.changed });
        await expectFocusedInView(notice);
        await expectNoSeriousViolations(page, 'changed, confirmed');
        await screenshot(page, `ux-${tag}-changed`);
        // The confirmation is for the arrival only.
        await page.goto('/');
        await expect(page.getByText(t.changed)).toHaveCount(0);
      });

      test('issue one account: the result is focused in view, says how long it lasts, and leaving before copying asks first', async ({
        page,
        context,
      }) => {
        await context.grantPermissions(['clipboard-read', 'clipboard-write']);
        const contract = createContract(1, 0);
        const [admin] = contract.accounts;
        await signInFirstTime(page, admin.username, admin.temporaryPassword);
        await page.goto('/admin/accounts/new');
        await page.locator('#issue-username').fill(`e2e-ux-${randomBytes(3).toString('hex')}`);
        const held = await holdRequests(page, '**/api/admin/accounts');
        const submit = page.locator('form button[type="submit"]');
        await submit.click();
        await expect(submit).toHaveAttribute('aria-disabled', 'true');
        await submit.click({ force: true });
        expect(held.count()).toBe(1);
        held.release();

        const notice = page.getByRole('status').filter({ hasText: t.issued });
        await expectFocusedInView(notice);
        await expect(page.locator('#temporary-password')).toBeInViewport();
        await expect(page.getByTestId('temporary-password-validity')).toContainText(t.validity);
        await expectNoSeriousViolations(page, 'issued');
        await screenshot(page, `ux-${tag}-issued`);

        // Leaving asks; staying keeps the password on screen.
        const questions: string[] = [];
        page.once('dialog', (dialog) => {
          questions.push(dialog.message());
          void dialog.dismiss();
        });
        await page.locator('.breadcrumb a').click();
        await expect.poll(() => questions.length).toBe(1);
        expect(questions[0]).toContain(t.leave);
        await expect(page).toHaveURL(/\/admin\/accounts\/new$/);
        await expect(page.locator('#temporary-password')).toBeVisible();

        // Once copied, the page may be left without a question.
        await page.getByRole('button', { name: t.copy }).click();
        page.on('dialog', (dialog) => {
          questions.push(dialog.message());
          void dialog.dismiss();
        });
        await page.locator('.breadcrumb a').click();
        await expect(page).toHaveURL(/\/admin$/);
        expect(questions).toHaveLength(1);
      });

      test('account detail: each action’s result is focused in view; a reissued password too', async ({
        page,
        context,
      }) => {
        await context.grantPermissions(['clipboard-read', 'clipboard-write']);
        const contract = createContract(1, 1);
        const [admin, user] = contract.accounts;
        await signInFirstTime(page, admin.username, admin.temporaryPassword);
        await page.goto('/admin');
        await page.getByRole('link', { name: user.username }).first().click();
        await expect(page.locator('.details')).toBeVisible();

        // An expiry today: the confirmation is in view and focused, and the date shows.
        const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(
          new Date(),
        );
        await page.locator('#detail-expires-on').fill(today);
        await page.getByRole('button', { name: t.setExpiry }).click();
        const dialog = page.getByRole('dialog');
        const held = await holdRequests(page, '**/expiry');
        const confirm = dialog.getByRole('button', { name: t.setConfirm });
        await confirm.click();
        await expect(confirm).toHaveAttribute('aria-disabled', 'true');
        await expect(dialog).toBeVisible();
        await expectNoSeriousViolations(page, 'action busy');
        held.release();
        const notice = page.getByRole('status').filter({ hasText: t.done(t.setExpiry) });
        await expectFocusedInView(notice);
        await expect(page.locator('.details')).toContainText(today.replaceAll('-', '/'));
        await expectNoSeriousViolations(page, 'expiry set');
        await screenshot(page, `ux-${tag}-expiry-set`);

        // Reissue from the bottom of the page: the new password comes into view with the notice.
        await page.getByRole('button', { name: t.reissue }).click();
        await dialog.getByRole('button', { name: t.reissueConfirm }).click();
        const reissued = page.getByRole('status').filter({ hasText: t.done(t.reissue) });
        await expectFocusedInView(reissued);
        await expect(page.locator('#temporary-password')).toBeInViewport();
        await expectNoSeriousViolations(page, 'reissued');
        await screenshot(page, `ux-${tag}-reissued`);
      });

      test('the account list keeps its search in the URL, clears it from the empty state, and shows cards on a phone', async ({
        page,
      }) => {
        const contract = createContract(1, 3);
        const [admin, first] = contract.accounts;
        await signInFirstTime(page, admin.username, admin.temporaryPassword);
        await page.goto('/admin');
        await page.getByLabel(t.search).fill(first.username);
        await page.getByRole('button', { name: t.show, exact: true }).click();
        await expect(page).toHaveURL(new RegExp(`/admin\\?q=${first.username}$`));

        const rows = width < 640 ? page.locator('.account-card') : page.locator('tbody tr');
        await expect(rows).toHaveCount(1);
        // The results take the focus, in view: on a phone they are below the filters.
        await expectFocusedInView(page.locator('.table-count'));
        if (width < 640) {
          // Every column is on the card; nothing needs sideways scrolling.
          const card = rows.first();
          await expect(card).toBeInViewport();
          await expect(card).toContainText(t.state);
          await expect(card).toContainText(t.lastSignIn);
          await expect(page.getByRole('table')).toBeHidden();
        } else {
          await expect(page.locator('.account-cards')).toBeHidden();
        }
        await expectNoSeriousViolations(page, 'list searched');
        await screenshot(page, `ux-${tag}-list-searched`);

        // The way back from the account finds the list as it was: the page's link and the browser's.
        await page.getByRole('link', { name: first.username }).first().click();
        await expect(page.locator('.details')).toBeVisible();
        await page.getByRole('link', { name: t.back }).click();
        await expect(page).toHaveURL(new RegExp(`/admin\\?q=${first.username}$`));
        await expect(page.getByLabel(t.search)).toHaveValue(first.username);
        await expect(rows).toHaveCount(1);
        await page.getByRole('link', { name: first.username }).first().click();
        await expect(page.locator('.details')).toBeVisible();
        await page.goBack();
        await expect(page.getByLabel(t.search)).toHaveValue(first.username);
        await expect(rows).toHaveCount(1);

        // Nothing found: one press brings the whole list back.
        await page.getByLabel(t.search).fill('no-such-account');
        await page.getByRole('button', { name: t.show, exact: true }).click();
        await expect(page.getByText(t.none)).toBeVisible();
        await expectNoSeriousViolations(page, 'list empty');
        await screenshot(page, `ux-${tag}-list-empty`);
        await page.getByRole('button', { name: t.clear }).click();
        await expect(page).toHaveURL(/\/admin$/);
        await expect(rows).toHaveCount(4);
        await expect(page.getByLabel(t.search)).toHaveValue('');
      });

      test('bulk issue: a template, a preview before issuing, the result in view, and leaving before the download asks', async ({
        page,
      }) => {
        const contract = createContract(1, 0);
        const [admin] = contract.accounts;
        await signInFirstTime(page, admin.username, admin.temporaryPassword);
        await page.goto('/admin/accounts/bulk');

        const [template] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: t.template }).click(),
        ]);
        const templateText = readFileSync(await template.path(), 'utf8').replace(/^\uFEFF/, '');
        expect(templateText.split('\r\n')[0]).toBe('username,role,expiresOn');

        const prefix = `e2e-ux-${randomBytes(3).toString('hex')}`;
        await page.locator('#bulk-file').setInputFiles({
          name: 'accounts.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(`username,role\n${prefix}-1,user\n${prefix}-2,admin\n`),
        });
        const preview = page.locator('.bulk-preview');
        await expect(preview).toContainText(t.bulkPreview(2));
        await expect(preview.locator('tbody tr')).toHaveCount(2);
        await expect(preview).toContainText(`${prefix}-2`);
        await expectNoSeriousViolations(page, 'bulk preview');
        await screenshot(page, `ux-${tag}-bulk-preview`);

        await page.getByRole('button', { name: t.issue, exact: true }).click();
        const done = page.getByRole('status').filter({ hasText: t.bulkDone(2) });
        await expectFocusedInView(done);
        await expectNoSeriousViolations(page, 'bulk done');

        const questions: string[] = [];
        page.once('dialog', (dialog) => {
          questions.push(dialog.message());
          void dialog.dismiss();
        });
        await page.locator('.breadcrumb a').click();
        await expect.poll(() => questions.length).toBe(1);
        await expect(page).toHaveURL(/\/admin\/accounts\/bulk$/);
        await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: t.download }).click(),
        ]);
        await page.locator('.breadcrumb a').click();
        await expect(page).toHaveURL(/\/admin$/);
      });

      test('account detail and security log: a marked field, a warned self-demotion the header follows, the account’s events with seconds, in the page’s language, exported', async ({
        page,
        browser,
      }) => {
        const contract = createContract(2, 0);
        const [admin, other] = contract.accounts;
        await signInFirstTime(page, admin.username, admin.temporaryPassword);
        await page.goto('/admin');
        await page.getByRole('link', { name: admin.username }).first().click();
        await expect(page.locator('.details')).toBeVisible();

        // No date: the field itself is marked, not only the summary.
        await page.getByRole('button', { name: t.setExpiry }).click();
        await expect(page.getByRole('alert')).toContainText(t.expiryRequired);
        const expiry = page.locator('#detail-expires-on');
        await expect(expiry).toHaveAttribute('aria-invalid', 'true');
        await expect(page.locator('#detail-expires-on-error')).toContainText(t.expiryRequired);
        await expectNoSeriousViolations(page, 'detail field error');
        await screenshot(page, `ux-${tag}-detail-field-error`);

        // Set one; the field shows it when the page is opened again.
        const later = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
        await expiry.fill(later);
        await page.getByRole('button', { name: t.setExpiry }).click();
        await page.getByRole('dialog').getByRole('button', { name: t.setConfirm }).click();
        await expect(
          page.getByRole('status').filter({ hasText: t.done(t.setExpiry) }),
        ).toBeFocused();
        await page.reload();
        await expect(page.locator('#detail-expires-on')).toHaveValue(later);

        // Demoting oneself says what will be lost; afterwards the header and menu follow at once.
        await page.getByRole('button', { name: t.makeUser }).click();
        const dialog = page.getByRole('dialog');
        await expect(dialog).toContainText(t.selfWarning);
        await expectNoSeriousViolations(page, 'self demotion question');
        await screenshot(page, `ux-${tag}-self-demotion`);
        await dialog.getByRole('button', { name: t.makeUser }).click();
        await expect(page).toHaveURL(/\/$/);
        await expect(page.getByRole('banner')).toContainText(t.user);
        await expect(page.getByRole('navigation').getByRole('link', { name: t.admin })).toHaveCount(
          0,
        );

        // The other administrator opens that account's events from its page.
        const otherContext = await browser.newContext({ locale, viewport: { width, height: 800 } });
        const log = await otherContext.newPage();
        await signInFirstTime(log, other.username, other.temporaryPassword);
        await log.goto('/admin');
        await log.getByRole('link', { name: admin.username }).first().click();
        await log.getByRole('link', { name: t.events }).click();
        await expect(log).toHaveURL(new RegExp(`/admin/audit\\?username=${admin.username}$`));
        await expect(log.locator('#log-username')).toHaveValue(admin.username);
        const shown = width < 640 ? log.locator('.log-cards') : log.locator('.log-table');
        await expect(shown).toBeVisible();
        await expect(shown).toContainText(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}/);
        // The role change in the page's words, not the API's codes.
        await expect(shown).toContainText(`${t.adminRole} → ${t.user}`);
        await expect(shown).not.toContainText('admin → user');
        await expectNoSeriousViolations(log, 'security log of one account');
        await screenshot(log, `ux-${tag}-log-account`);

        // An end before the start is a field error, in view and focused; nothing is asked.
        await log.getByLabel(t.from, { exact: true }).fill('2026-12-10');
        await log.getByLabel(t.to, { exact: true }).fill('2026-12-01');
        await log.getByRole('button', { name: t.show, exact: true }).click();
        const summary = log.getByRole('alert');
        await expect(summary).toContainText(t.toBeforeFrom);
        await expectFocusedInView(summary);
        await expect(log.locator('#log-to')).toHaveAttribute('aria-invalid', 'true');
        await expectNoSeriousViolations(log, 'security log date error');
        await screenshot(log, `ux-${tag}-log-date-error`);
        await log.getByLabel(t.from, { exact: true }).fill('');
        await log.getByLabel(t.to, { exact: true }).fill('');
        await log.getByRole('button', { name: t.show, exact: true }).click();
        await expect(log.getByRole('alert')).toHaveCount(0);

        // The filtered events as CSV, with the screen's columns and words.
        const [download] = await Promise.all([
          log.waitForEvent('download'),
          log.getByRole('button', { name: t.exportCsv }).click(),
        ]);
        const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
        const lines = csv.trimEnd().split('\r\n');
        expect(lines[0].split(',')[0]).toBe(t.timeHeader);
        expect(lines.length).toBeGreaterThan(2);
        expect(lines.every((line, i) => i === 0 || line.includes(admin.username))).toBe(true);
        expect(csv).toContain(`${t.adminRole} → ${t.user}`);
        await otherContext.close();
      });

      test('the usage settings describe each entry and link each function’s support page', async ({
        page,
      }) => {
        const account = issueAccount();
        await signInFirstTime(page, account.username, account.temporaryPassword);
        await page.goto('/settings');
        const cards = page.locator('.menu-card');
        await expect(cards).toHaveCount(5);
        for (const card of await cards.all()) {
          await expect(card.locator('.menu-card__text')).not.toBeEmpty();
        }
        const support = page.locator('.support');
        await expect(support.getByRole('link', { name: t.supportMfa })).toHaveAttribute(
          'href',
          /^https?:\/\//,
        );
        await expect(support.getByRole('link', { name: t.supportPassword })).toHaveAttribute(
          'href',
          /^https?:\/\//,
        );
        await expectNoSeriousViolations(page, 'settings');
        await screenshot(page, `ux-${tag}-settings`);
      });

      test('the idle timeout warns first, 「ログインを続ける」 extends it, and the end is explained', async ({
        page,
      }) => {
        await installIdleClock(page);
        const account = issueAccount();
        await signInFirstTime(page, account.username, account.temporaryPassword);
        await page.getByRole('navigation').getByRole('link', { name: t.settings }).click();
        await expect(page).toHaveURL(/\/settings$/);

        // 30 minutes idle by default: the warning comes two minutes before the (cautious) end.
        const warning = await idleUntilWarned(page);
        await expect(warning).toContainText(t.idleTitle);
        const stay = warning.getByRole('button', { name: t.stay });
        await expectFocusedInView(stay);
        await expectNoSeriousViolations(page, 'idle warning');
        await screenshot(page, `ux-${tag}-idle-warning`);
        await stay.click();
        await expect(warning).toBeHidden();
        await expect(page).toHaveURL(/\/settings$/);

        // Nothing more: signed out at the end, and the login page says why.
        await page.clock.fastForward('30:00');
        // Signing in again comes back to the page that was open.
        await expect(page).toHaveURL(/\/login\?returnUrl=%2Fsettings$/);
        await expect(page.getByRole('status')).toContainText(t.idleSignedOut);
        await expectNoSeriousViolations(page, 'idle signed out');
        await screenshot(page, `ux-${tag}-idle-signed-out`);
        // The server agrees: the session is gone.
        const session = await page.request.get('/api/auth/session');
        expect(session.status()).toBe(401);
      });

      test('a tab whose session ended elsewhere notices on its next navigation', async ({
        page,
        browser,
      }) => {
        const account = issueAccount();
        const password = await signInFirstTime(page, account.username, account.temporaryPassword);
        // The same user elsewhere ends every other session.
        const other = await browser.newContext();
        const elsewhere = await other.newPage();
        await signIn(elsewhere, account.username, password);
        await expect(elsewhere).toHaveURL(/\/$/);
        const xsrf = (await other.cookies()).find((c) => c.name === 'XSRF-TOKEN')?.value ?? '';
        const ended = await elsewhere.request.post('/api/sessions/end-others', {
          headers: { 'X-XSRF-TOKEN': xsrf },
          data: { currentPassword: password },
        });
        expect(ended.status()).toBe(200);
        await other.close();

        // 管理機能利用設定 loads nothing of its own; the navigation still finds the session gone.
        await page.getByRole('navigation').getByRole('link', { name: t.settings }).click();
        await expect(page).toHaveURL(/\/login\?returnUrl=%2Fsettings$/);
        await expect(page.getByRole('status')).toContainText(t.signedOut);
      });
    });
  }
}

function RegExp_escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

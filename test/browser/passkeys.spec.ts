import { expect, test, type CDPSession, type Page } from '@playwright/test';
import { E2E_PORT } from './e2e-database.mjs';
import {
  expectNoSeriousViolations,
  issueAccount,
  screenshot,
  signIn,
  signInFirstTime,
} from './support';

// Chromium's virtual authenticator (the DevTools protocol's WebAuthn domain) stands in for the
// platform authenticator: CTAP2, internal transport, resident keys and user verification, with
// presence and verification answered automatically. WebAuthn needs a domain as relying party id,
// so these pages are opened at localhost, the host of the server's default PUBLIC_URL.

const TEXT = {
  'ja-JP': {
    settings: '管理機能利用設定',
    passkeys: 'パスキー',
    register: 'パスキーを登録',
    name: 'パスキーの名前',
    currentPassword: '現在のパスワード',
    submitRegistration: '登録する',
    registered: 'パスキーを登録しました。',
    rename: '名前を変更',
    save: '保存',
    renamed: 'パスキーの名前を変更しました。',
    delete: '削除',
    confirmDelete: '削除する',
    deleted: 'パスキーを削除しました。',
    none: '登録されているパスキーはありません。',
    logout: 'ログアウト',
    passkeySignIn: 'パスキーでログイン',
    usePasskey: 'パスキーを使用する',
    mfaTitle: '多要素認証',
    lastUsedNever: '-',
  },
  'en-US': {
    settings: 'Usage settings',
    passkeys: 'Passkeys',
    register: 'Register a passkey',
    name: 'Passkey name',
    currentPassword: 'Current password',
    submitRegistration: 'Register',
    registered: 'The passkey has been registered.',
    rename: 'Rename',
    save: 'Save',
    renamed: 'The passkey has been renamed.',
    delete: 'Delete',
    confirmDelete: 'Delete',
    deleted: 'The passkey has been deleted.',
    none: 'No passkey is registered.',
    logout: 'Sign out',
    passkeySignIn: 'Sign in with a passkey',
    usePasskey: 'Use a passkey',
    mfaTitle: 'Multi-factor authentication',
    lastUsedNever: '-',
  },
} as const;

type Locale = keyof typeof TEXT;

async function virtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; id: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, id: authenticatorId };
}

for (const locale of Object.keys(TEXT) as Locale[]) {
  const t = TEXT[locale];
  const lang = locale.slice(0, 2);

  test.describe(`Passkeys (${locale})`, () => {
    test.use({ locale, baseURL: `http://localhost:${E2E_PORT}` });

    test('register, rename, sign in without a password, use as the second factor, delete', async ({
      page,
    }) => {
      test.slow();
      const account = issueAccount();
      const password = await signInFirstTime(page, account.username, account.temporaryPassword);
      const authenticator = await virtualAuthenticator(page);

      // 管理機能利用設定 › パスキー, empty.
      await page.goto('/settings');
      await page.getByRole('link', { name: t.passkeys }).click();
      await expect(page).toHaveURL(/\/settings\/passkeys$/);
      await expect(page.getByRole('heading', { level: 1, name: t.passkeys })).toBeVisible();
      await expect(page.getByText(t.none)).toBeVisible();
      await expectNoSeriousViolations(page, 'passkeys empty');

      // Register: named, after the password again.
      await page.getByRole('button', { name: t.register }).click();
      await expect(page.getByLabel(t.name, { exact: true })).toBeFocused();
      await expectNoSeriousViolations(page, 'passkeys register form');
      await page.getByLabel(t.name, { exact: true }).fill('ノートPC');
      await page.getByLabel(t.currentPassword, { exact: true }).fill(password);
      await page.getByRole('button', { name: t.submitRegistration, exact: true }).click();
      await expect(page.getByRole('status')).toHaveText(t.registered);
      const row = page.getByRole('row', { name: /ノートPC/ });
      await expect(row).toBeVisible();
      await expect(row.getByRole('cell').nth(2)).toHaveText(new RegExp(t.lastUsedNever));
      await expectNoSeriousViolations(page, 'passkeys list');
      await screenshot(page, `${lang}-passkeys-01-list`);
      const stored = await authenticator.cdp.send('WebAuthn.getCredentials', {
        authenticatorId: authenticator.id,
      });
      expect(stored.credentials).toHaveLength(1);
      expect(stored.credentials[0].isResidentCredential).toBe(true);
      expect(stored.credentials[0].rpId).toBe('localhost');

      // Rename.
      await row.getByRole('button', { name: t.rename }).click();
      await page.getByLabel(t.name, { exact: true }).fill('仕事用 PC');
      await page.getByRole('button', { name: t.save, exact: true }).click();
      await expect(page.getByRole('status')).toHaveText(t.renamed);
      await expect(page.getByRole('row', { name: /仕事用 PC/ })).toBeVisible();

      // Passwordless, by the browser's autofill on ユーザ名: the virtual authenticator picks the
      // passkey as soon as the login page asks (conditional mediation), no click needed.
      await page.getByRole('button', { name: t.logout }).click();
      await expect(page).toHaveURL(/\/$/);
      await expect(page.getByRole('button', { name: t.logout })).toBeVisible();

      // Passwordless, by the button below the manual's form, in a browser without autofill.
      await page.addInitScript(() => {
        PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(false);
      });
      await page.reload();
      await page.getByRole('button', { name: t.logout }).click();
      await expect(page).toHaveURL(/\/login$/);
      await expect(page.locator('input[autocomplete="username webauthn"]')).toBeVisible();
      await expectNoSeriousViolations(page, 'login with passkey button');
      await screenshot(page, `${lang}-passkeys-00-login`);
      await page.getByRole('button', { name: t.passkeySignIn }).click();
      await expect(page).toHaveURL(/\/$/);
      await expect(page.getByRole('button', { name: t.logout })).toBeVisible();

      // The password now leads to the MFA step, where the passkey is the second factor.
      await page.getByRole('button', { name: t.logout }).click();
      await expect(page).toHaveURL(/\/login$/);
      await signIn(page, account.username, password);
      await expect(page).toHaveURL(/\/login\/mfa/);
      await expect(page.getByRole('heading', { level: 1, name: t.mfaTitle })).toBeVisible();
      await expectNoSeriousViolations(page, 'mfa step with passkey');
      await screenshot(page, `${lang}-passkeys-02-mfa-step`);
      await page.getByRole('button', { name: t.usePasskey }).click();
      await expect(page).toHaveURL(/\/$/);

      // Last used is shown; delete after the password again.
      await page.goto('/settings/passkeys');
      const used = page.getByRole('row', { name: /仕事用 PC/ });
      await expect(used.getByRole('cell').nth(2)).toHaveText(/\d{4}\/\d\d\/\d\d \d\d:\d\d/);
      await used.getByRole('button', { name: t.delete, exact: true }).click();
      await expect(page.getByLabel(t.currentPassword, { exact: true })).toBeFocused();
      await expectNoSeriousViolations(page, 'passkeys delete confirmation');
      await page.getByLabel(t.currentPassword, { exact: true }).fill(password);
      await page.getByRole('button', { name: t.confirmDelete, exact: true }).click();
      await expect(page.getByRole('status')).toHaveText(t.deleted);
      await expect(page.getByText(t.none)).toBeVisible();
      const after = await authenticator.cdp.send('WebAuthn.getCredentials', {
        authenticatorId: authenticator.id,
      });
      expect(after.credentials[0].signCount).toBeGreaterThanOrEqual(2);
    });
  });
}

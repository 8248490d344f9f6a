import { expect, test } from '@playwright/test';
import pg from 'pg';
import { e2eDatabaseUrl } from './e2e-database.mjs';
import { createClient } from './relying-party';
import { expectNoSeriousViolations, issueAccount, screenshot, signInFirstTime } from './support';

const TEXT = {
  'ja-JP': {
    nav: 'アプリケーション',
    title: 'アプリケーション',
    clientId: 'クライアント ID',
    confidential: '機密クライアント (シークレットで認証)',
    public: '公開クライアント (PKCE のみ)',
    contract: 'この契約のアカウントのみ',
    all: 'すべての契約のアカウント',
    required: '必須',
    disabled: '無効',
  },
  'en-US': {
    nav: 'Applications',
    title: 'Applications',
    clientId: 'Client ID',
    confidential: 'Confidential client (authenticates with a secret)',
    public: 'Public client (PKCE only)',
    contract: 'This contract’s accounts only',
    all: 'Accounts of every contract',
    required: 'Required',
    disabled: 'Disabled',
  },
} as const;

async function contractOf(username: string): Promise<string> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      'SELECT organization_id AS id FROM users WHERE username = $1',
      [username],
    );
    return rows[0].id;
  } finally {
    await client.end();
  }
}

for (const locale of Object.keys(TEXT) as (keyof typeof TEXT)[]) {
  const t = TEXT[locale];
  const lang = locale.slice(0, 2);

  test.describe(`The contract's applications in /admin (${locale}, 375 px)`, () => {
    test.use({ locale, viewport: { width: 375, height: 812 } });

    test('lists them read-only with their facts, no wider than the phone, axe clean', async ({
      page,
    }) => {
      const admin = issueAccount({ role: 'admin' });
      const suffix = admin.username.slice(4);
      const bound = createClient([
        '--name',
        `Wiki ${suffix}`,
        '--redirect-uri',
        'https://wiki.example.com/a/very/long/path/to/the/callback/of/this/application',
        '--contract',
        await contractOf(admin.username),
        '--require-mfa',
      ]);
      const open = createClient([
        '--name',
        `Desktop ${suffix}`,
        '--public',
        '--redirect-uri',
        'http://127.0.0.1/callback',
      ]);
      await signInFirstTime(page, admin.username, admin.temporaryPassword);

      await page.goto('/admin');
      await page.getByRole('link', { name: t.nav, exact: true }).click();
      await expect(page).toHaveURL(/\/admin\/apps$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.title);
      const wiki = page.getByRole('listitem').filter({ hasText: bound.clientId });
      await expect(wiki.getByRole('heading', { level: 2 })).toHaveText(`Wiki ${suffix}`);
      await expect(wiki).toContainText(t.confidential);
      await expect(wiki).toContainText(t.contract);
      await expect(wiki).toContainText(t.required);
      const desktop = page.getByRole('listitem').filter({ hasText: open.clientId });
      await expect(desktop).toContainText(t.public);
      await expect(desktop).toContainText(t.all);
      await expect(desktop).toContainText('http://127.0.0.1/callback');
      // Read-only, and no secret anywhere.
      await expect(page.locator('main').getByRole('button')).toHaveCount(0);
      expect(await page.content()).not.toContain(bound.clientSecret!);
      // Nothing wider than the screen (WCAG 1.4.10), long URIs included.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        375,
      );
      await expectNoSeriousViolations(page, `admin apps ${locale}`);
      await screenshot(page, `${lang}-admin-apps`);
    });
  });
}

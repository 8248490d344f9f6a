import { expect, test } from '@playwright/test';

test.describe('The served page', () => {
  test('has a strict CSP whose style nonce Angular uses, and no CSP violation', async ({
    page,
  }) => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
        violations.push(message.text());
      }
    });

    const response = await page.goto('/login');
    const headers = response!.headers();
    const csp = headers['content-security-policy'];
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];

    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['permissions-policy']).toContain('camera=()');
    expect(headers['x-powered-by']).toBeUndefined();
    expect(nonce).toBeDefined();
    await expect(page.locator('app-root')).toHaveAttribute('ngcspnonce', nonce!);
    await expect(page.getByRole('button', { name: 'ログイン', exact: true })).toBeVisible();
    expect(violations).toEqual([]);
  });
});

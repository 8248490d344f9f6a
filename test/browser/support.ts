import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, type Request } from '@playwright/test';
import { E2E_DIST, e2eDatabaseUrl } from './e2e-database.mjs';

export interface IssuedAccount {
  username: string;
  role: 'user' | 'admin';
  temporaryPassword: string;
  expiresOn: string | null;
}

const ROOT = join(__dirname, '..', '..');

/** The operator's CLI of the build under test, against the browser suite's database; its output. */
export function operatorCli(...args: string[]): string {
  return execFileSync(process.execPath, [`${E2E_DIST}/server/cli/main.js`, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: e2eDatabaseUrl() },
    encoding: 'utf8',
  });
}

/** Issues an account the way an operator does: the built CLI, with --json. */
export function issueAccount(
  options: { role?: 'user' | 'admin'; expires?: string } = {},
): IssuedAccount {
  const username = `e2e-${randomBytes(4).toString('hex')}`;
  const args = ['account', 'create', '--username', username, '--json'];
  if (options.role) args.push('--role', options.role);
  if (options.expires) args.push('--expires', options.expires);
  return JSON.parse(operatorCli(...args)) as IssuedAccount;
}

/** A contract with its account list (アカウント一覧表), issued the way the operator does. */
export interface ContractAccountList {
  organization: { name: string };
  accounts: { username: string; role: 'admin' | 'user'; temporaryPassword: string }[];
}

/** Issues a contract with `admins` administrators and `users` general users (the built CLI). */
export function createContract(
  admins: number,
  users: number,
  prefix = 'e2e-org',
): ContractAccountList {
  const out = operatorCli(
    'org',
    'create',
    '--name',
    `${prefix}-${randomBytes(4).toString('hex')}`,
    '--plan',
    'ココナワーク',
    '--admins',
    String(admins),
    '--users',
    String(users),
    '--json',
  );
  return JSON.parse(out) as ContractAccountList;
}

export function newPassword(): string {
  return `Tobira-${randomBytes(5).toString('hex')}!`;
}

/** Screenshots of every screen, for people to look at (not compared by the tests). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(ROOT, 'test-results', 'screens');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** The login form, by its autocomplete attributes (the same in both languages). */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  // Hydrated first: a click in the instant the prerendered page hands over to Angular can be lost.
  await page.waitForLoadState('networkidle');
  await page.locator('input[autocomplete~="username"]').fill(username);
  await page.locator('input[autocomplete="current-password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
}

/** Signs in with the temporary password and makes the forced change; returns the new password. */
export async function signInFirstTime(
  page: Page,
  username: string,
  temporary: string,
): Promise<string> {
  await signIn(page, username, temporary);
  await expect(page).toHaveURL(/\/password\/required$/);
  const chosen = newPassword();
  await page.locator('input[autocomplete="current-password"]').fill(temporary);
  const fresh = page.locator('input[autocomplete="new-password"]');
  await fresh.nth(0).fill(chosen);
  await fresh.nth(1).fill(chosen);
  await page.locator('form button[type="submit"]').click();
  await expect(page).toHaveURL(/\/$/);
  return chosen;
}

/** What the client's idle watch counts from: the last answered request of any tab (localStorage). */
const LAST_ACTIVITY_KEY = 'tobira.lastActivity';
/** The page's requests still unanswered, for pages whose clock the test runs. */
const unanswered = new WeakMap<Page, Set<Request>>();

/**
 * Installs the page's fake clock for the idle timeout, and keeps count of its requests still
 * unanswered: the answer of any of them starts the idle clock again (as it does on the server), so
 * a jump made while one is on its way (a screen's data on a loaded machine) is undone by it.
 */
export async function installIdleClock(page: Page): Promise<void> {
  const open = new Set<Request>();
  unanswered.set(page, open);
  page.on('request', (request) => {
    if (['fetch', 'xhr'].includes(request.resourceType())) open.add(request);
  });
  page.on('requestfinished', (request) => open.delete(request));
  page.on('requestfailed', (request) => open.delete(request));
  await page.clock.install();
}

/**
 * Runs the clock installed by `installIdleClock` to 27 min 30 s after the last request the portal
 * counted, where the idle timeout (30 minutes by default) shows its warning, and returns the
 * warning. First every request is answered; then the jump is measured from the last activity the
 * page recorded, not from now, and made again if an answer still moved it.
 */
export async function idleUntilWarned(page: Page): Promise<Locator> {
  const open = unanswered.get(page);
  if (!open) throw new Error('idleUntilWarned needs installIdleClock(page) first');
  const warning = page.getByRole('alertdialog');
  await expect(async () => {
    await expect.poll(() => open.size, { timeout: 20_000 }).toBe(0);
    const ahead = await page.evaluate((key) => {
      const last = Number(localStorage.getItem(key));
      return (last > 0 ? last : Date.now()) + 27.5 * 60_000 - Date.now();
    }, LAST_ACTIVITY_KEY);
    if (ahead > 0) await page.clock.fastForward(Math.ceil(ahead));
    await expect(warning).toBeVisible({ timeout: 3_000 });
    expect(open.size).toBe(0);
  }).toPass({ timeout: 60_000 });
  return warning;
}

/** No serious or critical axe finding (WCAG 2.1 A/AA and best practices) on the page as it is now. */
export async function expectNoSeriousViolations(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      screen,
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
  expect(serious).toEqual([]);
  // The scan must have looked at something: an empty page passes every rule.
  expect(results.passes.length).toBeGreaterThan(10);
}

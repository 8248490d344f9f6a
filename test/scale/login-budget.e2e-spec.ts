import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { DIST, ROOT } from './instances';

// `npm run build:client` runs this check after `ng build`; here it runs on the finished build, once
// as the build does and once with a budget the build cannot meet, to prove that it can fail.
function check(...args: string[]): { status: number; output: string } {
  try {
    const output = execFileSync(
      process.execPath,
      [join(ROOT, 'scripts/check-login-budget.mjs'), join(DIST, 'client/browser'), ...args],
      { encoding: 'utf8', stdio: 'pipe' },
    );
    return { status: 0, output };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { status: failed.status, output: failed.stdout + failed.stderr };
  }
}

describe('The login route JavaScript budget', () => {
  it('passes the build at the 150 kB gzip budget, for every locale', () => {
    const { status, output } = check();
    expect(output).toMatch(/budget 150 kB gzip: ok/);
    expect(output).not.toMatch(/OVER BUDGET/);
    expect(status).toBe(0);
  });

  it('fails the build when the same files pass a lower budget', () => {
    const { status, output } = check('--limit-kb', '20');
    expect(status).toBe(1);
    expect(output).toMatch(/OVER BUDGET/);
    expect(output).toMatch(/over its budget of 20 kB gzip/);
  });
});

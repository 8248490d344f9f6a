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
  it('passes the build at the 147 kB gzip budget (the top page at 130 kB), for every locale', () => {
    const { status, output } = check();
    expect(output.match(/login route JavaScript .*budget 147 kB gzip: ok/g)).toHaveLength(2);
    expect(output.match(/top page JavaScript .*budget 130 kB gzip: ok/g)).toHaveLength(2);
    expect(output).not.toMatch(/OVER BUDGET/);
    expect(status).toBe(0);
  });

  it('fails the build when the same files pass a lower budget', () => {
    const { status, output } = check('--limit-kb', '20');
    expect(status).toBe(1);
    expect(output).toMatch(/OVER BUDGET/);
    expect(output).toMatch(/over its budget of 20 kB gzip/);
  });

  it('fails the build when the top page passes a lower budget', () => {
    const { status, output } = check('--top-limit-kb', '20');
    expect(status).toBe(1);
    expect(output).toMatch(/top page's JavaScript is over its budget of 20 kB gzip/);
    expect(output).toMatch(/login route JavaScript .*budget 147 kB gzip: ok/);
  });
});

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const CHECK = join(ROOT, 'scripts/check-node.cjs');

/** Runs the check as if on Node.js `version` (process.version and process.versions.node). */
function checkOn(version: string) {
  const pretend = [
    `Object.defineProperty(process.versions, 'node', { value: ${JSON.stringify(version)} });`,
    `Object.defineProperty(process, 'version', { value: ${JSON.stringify(`v${version}`)} });`,
    `require(${JSON.stringify(CHECK)});`,
  ].join('');
  return spawnSync(process.execPath, ['-e', pretend], { encoding: 'utf8' });
}

describe('scripts/check-node.cjs', () => {
  it('lets the Node.js running the suites through without a word', () => {
    const run = spawnSync(process.execPath, [CHECK], { encoding: 'utf8' });

    expect(run.status).toBe(0);
    expect(run.stdout + run.stderr).toBe('');
  });

  it.each(['20.20.2', '22.22.0', '24.14.1'])(
    'refuses Node.js %s with one line naming it and the version needed',
    (version) => {
      const run = checkOn(version);

      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain(`this is Node.js v${version}`);
      expect(run.stderr).toContain('needs Node.js 24.15.0 or later');
    },
  );

  it.each(['24.15.0', '24.21.0', '26.1.0'])('lets Node.js %s through', (version) => {
    const run = checkOn(version);

    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('runs first in npm start, npm run cli and npm test', () => {
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };

    for (const name of ['start', 'cli', 'test']) {
      expect(scripts[name]).toMatch(/^node scripts\/check-node\.cjs && /);
    }
  });
});

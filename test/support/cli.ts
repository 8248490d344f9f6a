import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/** What `node -r` loads to run server/ from source: see ts-register.cjs. */
export const TS_REGISTER = resolve(__dirname, 'ts-register.cjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The operator CLI exactly as an operator runs it, from source, against `databaseUrl`. */
export function runCli(databaseUrl: string, ...args: string[]): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-r', TS_REGISTER, 'server/cli/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_PROJECT: 'server/tsconfig.json', DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

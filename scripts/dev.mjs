// `npm run dev`: the server in watch mode on :3000 (embedded PostgreSQL unless DATABASE_URL is set)
// and the Angular dev server on :4200, which proxies /api to it. Open http://localhost:4200.
// `npm run dev -- en` serves the English build instead of the Japanese one.
import { spawn } from 'node:child_process';

const english = process.argv.includes('en');
const children = [
  spawn('npx', ['nest', 'start', '--watch'], { stdio: 'inherit' }),
  spawn('npx', ['ng', 'serve', ...(english ? ['--configuration', 'development-en'] : [])], {
    stdio: 'inherit',
  }),
];
const stop = () => children.forEach((child) => child.kill('SIGINT'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', () => stop());

// The browser suite's own database on the server named by DATABASE_URL, shared by the server it
// starts and the CLI the tests call.
/** The build under test, relative to the repository root (`npm run build` writes dist/). */
export const E2E_DIST = process.env.E2E_DIST ?? 'dist';
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3199);
/** One database per port, so that two runs on one machine (different E2E_PORT) do not collide. */
export const E2E_DATABASE = `tobira_e2e_${E2E_PORT}`;

export function e2eDatabaseUrl() {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set: run the browser suite through `npm test`.');
  const url = new URL(base);
  url.pathname = `/${E2E_DATABASE}`;
  return url.toString();
}

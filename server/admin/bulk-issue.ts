import type { AccountToIssue } from '../accounts/account-issuer';
import type { FieldProblem } from '../http/app-error';
import { expiryProblems, usernameProblems } from './account-input';
import { adminFieldProblem } from './admin.errors';
import { type BulkRow, bulkRows, roleFromCsv } from './bulk-accounts.csv';

/** More rows than this are refused: a contract that large is the operator's job (CLI). */
export const MAX_BULK_ROWS = 5_000;

/** Why a file was refused before any name was looked up (recorded with the refusal). */
export type BulkRefusal = 'empty' | 'too_many_rows' | 'invalid_rows';

export type CheckedBulkFile =
  | { ok: true; rows: BulkRow[]; accounts: AccountToIssue[] }
  | { ok: false; rows: number; reason: BulkRefusal; problems: FieldProblem[] };

/**
 * Every row of an uploaded CSV checked on its own and against the rows before it, every problem
 * reported with its row number (sorted by row): only a file with none may create its accounts.
 * Whether a name is taken by an existing account is the caller's question, asked afterwards.
 */
export function checkBulkFile(
  csv: string,
  contract: { ends: string | null },
  today: string,
): CheckedBulkFile {
  const rows = bulkRows(csv);
  if (rows.length === 0) {
    return {
      ok: false,
      rows: 0,
      reason: 'empty',
      problems: [adminFieldProblem('CSV_EMPTY', 'csv')],
    };
  }
  if (rows.length > MAX_BULK_ROWS) {
    return {
      ok: false,
      rows: rows.length,
      reason: 'too_many_rows',
      problems: [adminFieldProblem('CSV_TOO_MANY_ROWS', 'csv', { max: MAX_BULK_ROWS })],
    };
  }
  const problems: FieldProblem[] = [];
  const accounts: AccountToIssue[] = [];
  const seen = new Map<string, number>();
  const expiry = { contractEnds: contract.ends, today, pastAllowed: false };
  for (const row of rows) {
    const at = (field: string) => `rows[${row.row}].${field}`;
    const own: FieldProblem[] = [...usernameProblems(row.username, at('username'))];
    const key = row.username.toLowerCase();
    if (own.length === 0 && seen.has(key)) {
      own.push(
        adminFieldProblem('USERNAME_DUPLICATE', at('username'), { first: seen.get(key) ?? 0 }),
      );
    }
    seen.set(key, seen.get(key) ?? row.row);
    const role = roleFromCsv(row.role);
    if (role === null) own.push(adminFieldProblem('ROLE_INVALID', at('role')));
    const expiresOn = row.expiresOn === '' ? null : row.expiresOn;
    own.push(...expiryProblems(expiresOn, expiry, at('expiresOn')));
    if (row.extraColumns) own.push(adminFieldProblem('CSV_EXTRA_COLUMNS', at('csv')));
    problems.push(...own.map((p) => ({ ...p, params: { ...p.params, row: row.row } })));
    if (own.length === 0 && role !== null) {
      accounts.push({ username: row.username, role, expiresOn });
    }
  }
  if (problems.length > 0) {
    problems.sort((a, b) => (a.params?.row ?? 0) - (b.params?.row ?? 0));
    return { ok: false, rows: rows.length, reason: 'invalid_rows', problems };
  }
  return { ok: true, rows, accounts };
}

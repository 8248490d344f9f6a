import { ROLES, type Role } from '../users/user.entity';

/** One data row of an uploaded CSV, with its line number in the file (the header is line 1). */
export interface BulkRow {
  row: number;
  username: string;
  role: string;
  expiresOn: string;
  /** Whether the row has anything past the third column. */
  extraColumns: boolean;
}

const HEADER_NAMES = new Set(['username', 'ユーザ名', 'アカウント (ユーザ名)', 'アカウント']);

/** Role values accepted in a file: the API's and the labels the screens and account lists use. */
const ROLE_ALIASES: Record<string, Role> = {
  user: 'user',
  admin: 'admin',
  一般ユーザ: 'user',
  アカウント管理者: 'admin',
};

export function roleFromCsv(value: string): Role | null {
  if (value === '') return 'user';
  const role = ROLE_ALIASES[value.trim()] ?? ROLE_ALIASES[value.trim().toLowerCase()];
  return role && ROLES.includes(role) ? role : null;
}

/** RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && source[i + 1] === '\n') i++;
      fields.push(field);
      records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      line++;
      recordLine = line;
    } else {
      field += c;
    }
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  return records;
}

/**
 * The data rows of an upload: columns username, role (optional), expiry date (optional); an optional
 * header row; blank lines ignored.
 */
export function bulkRows(text: string): BulkRow[] {
  const records = parseCsv(text).filter((r) => r.fields.some((f) => f.trim() !== ''));
  if (records.length > 0 && HEADER_NAMES.has(records[0].fields[0].trim().toLowerCase())) {
    records.shift();
  }
  return records.map((r) => ({
    row: r.line,
    username: (r.fields[0] ?? '').trim(),
    role: (r.fields[1] ?? '').trim(),
    expiresOn: (r.fields[2] ?? '').trim(),
    extraColumns: r.fields.slice(3).some((f) => f.trim() !== ''),
  }));
}

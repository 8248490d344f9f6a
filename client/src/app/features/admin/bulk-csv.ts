import { Role } from '../../core/session/session';

/** One data row of the chosen file as the server will read it, for the preview. */
export interface BulkPreviewRow {
  /** The line number in the file, as the server's errors name it. */
  readonly line: number;
  readonly username: string;
  /** The role the server will give, or null when the value is not one it accepts. */
  readonly role: Role | null;
  readonly roleText: string;
  readonly expiresOn: string;
}

// The same header names and role values the server accepts (server/admin/bulk-accounts.csv.ts).
const HEADER_NAMES = new Set(['username', 'ユーザ名', 'アカウント (ユーザ名)', 'アカウント']);
const ROLE_ALIASES: Record<string, Role> = {
  user: 'user',
  admin: 'admin',
  一般ユーザ: 'user',
  アカウント管理者: 'admin',
};

function roleOf(value: string): Role | null {
  const text = value.trim();
  if (text === '') return 'user';
  return ROLE_ALIASES[text] ?? ROLE_ALIASES[text.toLowerCase()] ?? null;
}

/** RFC 4180 records (quoted fields may hold commas, "" and line breaks), with their line numbers. */
function records(text: string): { line: number; fields: string[] }[] {
  const out: { line: number; fields: string[] }[] = [];
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && source[i + 1] === '\n') i++;
      fields.push(field);
      out.push({ line: start, fields });
      fields = [];
      field = '';
      line++;
      start = line;
    } else field += c;
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    out.push({ line: start, fields });
  }
  return out;
}

/**
 * What the server will be asked to issue: every non-blank row after an optional header. Only a
 * preview; the server checks every row again and decides.
 */
export function previewRows(text: string): BulkPreviewRow[] {
  const rows = records(text).filter((r) => r.fields.some((f) => f.trim() !== ''));
  const [first] = rows;
  const data =
    first && HEADER_NAMES.has(first.fields[0].trim().toLowerCase()) ? rows.slice(1) : rows;
  return data.map(({ line, fields }) => ({
    line,
    username: (fields[0] ?? '').trim(),
    role: roleOf(fields[1] ?? ''),
    roleText: (fields[1] ?? '').trim(),
    expiresOn: (fields[2] ?? '').trim(),
  }));
}

/** The template offered for download: the header and two example rows. */
export const BULK_TEMPLATE =
  'username,role,expiresOn\r\ntanaka,user,2027-03-31\r\nsuzuki,admin,\r\n';

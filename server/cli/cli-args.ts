import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../users/user.entity';

export const USAGE = `Usage: npm run --silent cli -- <command> [options]

Commands:
  account create --username <name> [--role user|admin] [--expires YYYY-MM-DD] [--json]
      Issue an account with a generated temporary password (shown once).
  account reissue --username <name> [--json]
      Issue a new temporary password; the account's sessions end.
  account list [--json]
      List the accounts (no secrets).

Options:
  --json    one line of JSON on standard output
  --help    this text

The database is DATABASE_URL, or the embedded one under DATA_DIR (default ./data).`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type CliCommand =
  | { kind: 'help' }
  | {
      kind: 'account-create';
      username: string;
      role: Role;
      expiresOn: string | null;
      json: boolean;
    }
  | { kind: 'account-reissue'; username: string; json: boolean }
  | { kind: 'account-list'; json: boolean };

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        username: { type: 'string' },
        role: { type: 'string' },
        expires: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export function parseCli(argv: string[]): CliCommand {
  const { values, positionals } = parse(argv);
  if (values.help || positionals.length === 0) return { kind: 'help' };
  const [group, action, ...rest] = positionals;
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  if (group !== 'account') throw new UsageError(`unknown command "${group}"`);
  const json = values.json;
  const allow = (...names: string[]) => {
    for (const name of ['username', 'role', 'expires'] as const) {
      if (values[name] !== undefined && !names.includes(name)) {
        throw new UsageError(`--${name} does not apply to "account ${action}"`);
      }
    }
  };
  const username = () => {
    if (!values.username) throw new UsageError('--username is required');
    return values.username;
  };
  switch (action) {
    case 'create': {
      allow('username', 'role', 'expires');
      const role = values.role ?? 'user';
      if (!ROLES.includes(role as Role))
        throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
      return {
        kind: 'account-create',
        username: username(),
        role: role as Role,
        expiresOn: values.expires ?? null,
        json,
      };
    }
    case 'reissue':
      allow('username');
      return { kind: 'account-reissue', username: username(), json };
    case 'list':
      allow();
      return { kind: 'account-list', json };
    default:
      throw new UsageError(
        action ? `unknown command "account ${action}"` : 'missing command after "account"',
      );
  }
}

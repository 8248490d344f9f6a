import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../users/user.entity';

export const USAGE = `Usage: npm run --silent cli -- <command> [options]

Commands:
  org create --name <name> --plan <plan> [--starts YYYY-MM-DD] [--admins N]
             [--users N | --usernames FILE] [--json | --csv]
      Issue a contract and its accounts in one transaction; prints the account list
      (アカウント一覧表: username, role, temporary password, plan, service start).
      Generated usernames are <name>-admin1.., <name>-user1..; FILE has one username a line.
  org add-accounts --name <name> [--admins N] [--users N | --usernames FILE] [--json | --csv]
      More accounts for a contract, listed the same way.
  org end --name <name> --on YYYY-MM-DD [--json]
      Set the service end date: every account of the contract is usable through that day only.
  org list [--json]
      List the contracts.
  account create --username <name> [--role user|admin] [--expires YYYY-MM-DD] [--org <name>] [--json]
      Issue an account with a generated temporary password (shown once), in the contract named by
      --org (default: the default contract).
  account reissue --username <name> [--json]
      Issue a new temporary password; the account's sessions end.
  account unlock --username <name> [--json]
      Lift a lockout after failed sign-ins; the failure count starts again from zero.
  account list [--json]
      List the accounts (no secrets).

Options:
  --json    one line of JSON on standard output
  --csv     the account list as CSV, in the column order of the manual's アカウント一覧表
  --help    this text

The database is DATABASE_URL, or the embedded one under DATA_DIR (default ./data).`;

export type OutputFormat = 'text' | 'json' | 'csv';

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
      /** The contract's name; absent means the default contract. */
      org?: string;
      json: boolean;
    }
  | {
      kind: 'org-create';
      name: string;
      plan: string;
      startsOn: string | null;
      admins: number;
      users: number;
      usernamesFile: string | null;
      format: OutputFormat;
    }
  | {
      kind: 'org-add-accounts';
      name: string;
      admins: number;
      users: number;
      usernamesFile: string | null;
      format: OutputFormat;
    }
  | { kind: 'org-end'; name: string; endsOn: string; json: boolean }
  | { kind: 'org-list'; json: boolean }
  | { kind: 'account-reissue'; username: string; json: boolean }
  | { kind: 'account-unlock'; username: string; json: boolean }
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
        org: { type: 'string' },
        name: { type: 'string' },
        plan: { type: 'string' },
        starts: { type: 'string' },
        admins: { type: 'string' },
        users: { type: 'string' },
        usernames: { type: 'string' },
        on: { type: 'string' },
        json: { type: 'boolean', default: false },
        csv: { type: 'boolean', default: false },
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
  if (group !== 'account' && group !== 'org') throw new UsageError(`unknown command "${group}"`);
  const json = values.json;
  const allow = (...names: string[]) => {
    for (const name of STRING_OPTIONS) {
      if (values[name] !== undefined && !names.includes(name)) {
        throw new UsageError(`--${name} does not apply to "${group} ${action}"`);
      }
    }
    if (values.csv && !names.includes('csv')) {
      throw new UsageError(`--csv does not apply to "${group} ${action}"`);
    }
  };
  if (group === 'org') return parseOrg(action ?? '', values, allow);
  const username = () => {
    if (!values.username) throw new UsageError('--username is required');
    return values.username;
  };
  switch (action) {
    case 'create': {
      allow('username', 'role', 'expires', 'org');
      const role = values.role ?? 'user';
      if (!ROLES.includes(role as Role))
        throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
      return {
        kind: 'account-create',
        username: username(),
        role: role as Role,
        expiresOn: values.expires ?? null,
        ...(values.org !== undefined ? { org: required(values.org, 'org') } : {}),
        json,
      };
    }
    case 'reissue':
      allow('username');
      return { kind: 'account-reissue', username: username(), json };
    case 'unlock':
      allow('username');
      return { kind: 'account-unlock', username: username(), json };
    case 'list':
      allow();
      return { kind: 'account-list', json };
    default:
      throw new UsageError(
        action ? `unknown command "account ${action}"` : 'missing command after "account"',
      );
  }
}

const STRING_OPTIONS = [
  'username',
  'role',
  'expires',
  'org',
  'name',
  'plan',
  'starts',
  'admins',
  'users',
  'usernames',
  'on',
] as const;

type Values = ReturnType<typeof parse>['values'];

function required(value: string | undefined, name: string): string {
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}

function count(value: string | undefined, name: string): number {
  if (value === undefined) return 0;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 10_000) {
    throw new UsageError(`--${name} must be a whole number from 0 to 10000`);
  }
  return Number(value);
}

function format(values: Values): OutputFormat {
  if (values.json && values.csv) throw new UsageError('--json and --csv cannot be combined');
  return values.json ? 'json' : values.csv ? 'csv' : 'text';
}

function accounts(values: Values) {
  if (values.users !== undefined && values.usernames !== undefined) {
    throw new UsageError('--users and --usernames cannot be combined');
  }
  return {
    admins: count(values.admins, 'admins'),
    users: count(values.users, 'users'),
    usernamesFile: values.usernames !== undefined ? required(values.usernames, 'usernames') : null,
  };
}

function parseOrg(action: string, values: Values, allow: (...names: string[]) => void): CliCommand {
  switch (action) {
    case 'create':
      allow('name', 'plan', 'starts', 'admins', 'users', 'usernames', 'csv');
      return {
        kind: 'org-create',
        name: required(values.name, 'name'),
        plan: required(values.plan, 'plan'),
        startsOn: values.starts ?? null,
        ...accounts(values),
        format: format(values),
      };
    case 'add-accounts':
      allow('name', 'admins', 'users', 'usernames', 'csv');
      return {
        kind: 'org-add-accounts',
        name: required(values.name, 'name'),
        ...accounts(values),
        format: format(values),
      };
    case 'end':
      allow('name', 'on');
      return {
        kind: 'org-end',
        name: required(values.name, 'name'),
        endsOn: required(values.on, 'on'),
        json: values.json,
      };
    case 'list':
      allow();
      return { kind: 'org-list', json: values.json };
    default:
      throw new UsageError(
        action ? `unknown command "org ${action}"` : 'missing command after "org"',
      );
  }
}

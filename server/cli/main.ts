// First: libuv's thread pool must be sized before any other module can use it.
import { hashingThreads } from '../password-hashing/start-hashing-threads';
import { PoolStartedError } from '../password-hashing/hashing-threads';
import { readFile } from 'node:fs/promises';
import { NestFactory } from '@nestjs/core';
import { ConfigError } from '../config/env';
import { readDatabaseConfig } from '../database/database.config';
import { resolveDatabase } from '../database/resolve-database';
import type { IssuedAccount } from '../accounts/account-issuer';
import { AccountsService } from '../accounts/accounts.service';
import {
  ContractProvisioning,
  type IssuedAccountList,
  type OrganizationSummary,
} from '../accounts/contract-provisioning';
import { accountListCsv } from '../accounts/account-list.csv';
import { OrganizationsError } from '../organizations/organizations.errors';
import { dateIn } from '../users/account-dates';
import { readUsersConfig } from '../users/users.config';
import { UsersError } from '../users/users.errors';
import { type AccountSummary, UsersService } from '../users/users.service';
import { CliCommand, OutputFormat, parseCli, UsageError, USAGE } from './cli-args';
import { CliModule } from './cli.module';
import { OidcClientsError } from '../oidc/oidc-clients.errors';
import {
  isOidcCommand,
  OIDC_USAGE,
  type OidcCommand,
  parseOidcCli,
  runOidcCommand,
  UsageError as OidcUsageError,
} from '../oidc/oidc-cli';

function printIssued(issued: Omit<IssuedAccount, 'id'>, json: boolean): void {
  // The same fields, in the same order, whichever path issued the password.
  const account = {
    username: issued.username,
    role: issued.role,
    temporaryPassword: issued.temporaryPassword,
    expiresOn: issued.expiresOn,
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(account)}\n`);
    return;
  }
  process.stdout.write(
    [
      `username:           ${account.username}`,
      `role:               ${account.role}`,
      `temporary password: ${account.temporaryPassword}   (shown once; give it to the user securely)`,
      `expires on:         ${account.expiresOn ?? '-'}`,
      '',
    ].join('\n'),
  );
}

function printList(accounts: AccountSummary[], json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(accounts)}\n`);
    return;
  }
  if (accounts.length === 0) {
    process.stdout.write('no accounts\n');
    return;
  }
  printTable(
    ['USERNAME', 'ROLE', 'STATE', 'EXPIRES ON', 'LAST SIGN-IN'],
    accounts.map((a) => [
      a.username,
      a.role,
      a.disabled ? 'disabled' : a.passwordIsTemporary ? 'temporary password' : 'active',
      a.expiresOn ?? '-',
      a.lastSignInAt ?? '-',
    ]),
  );
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const row of [header, ...rows]) {
    process.stdout.write(
      `${row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd()}\n`,
    );
  }
}

/** The account list (アカウント一覧表): shown once, like every temporary password. */
function printAccountList(list: IssuedAccountList, format: OutputFormat): void {
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(list)}\n`);
    return;
  }
  if (format === 'csv') {
    process.stdout.write(accountListCsv(list.accounts));
    return;
  }
  const { organization: o } = list;
  process.stdout.write(
    `contract: ${o.name}   plan: ${o.plan}   service: ${o.serviceStartsOn} - ${o.serviceEndsOn ?? ''}\n` +
      '(temporary passwords are shown once; give each to its user securely)\n\n',
  );
  printTable(
    ['USERNAME', 'ROLE', 'TEMPORARY PASSWORD', 'PLAN', 'SERVICE START'],
    list.accounts.map((a) => [a.username, a.role, a.temporaryPassword, a.plan, a.serviceStartsOn]),
  );
}

function printOrganizations(organizations: OrganizationSummary[], json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(organizations)}\n`);
    return;
  }
  if (organizations.length === 0) {
    process.stdout.write('no contracts\n');
    return;
  }
  printTable(
    ['NAME', 'PLAN', 'SERVICE START', 'SERVICE END', 'ACCOUNTS'],
    organizations.map((o) => [
      o.name,
      o.plan,
      o.serviceStartsOn,
      o.serviceEndsOn ?? '-',
      String(o.accounts),
    ]),
  );
}

async function readUsernames(file: string | null): Promise<string[] | undefined> {
  if (file === null) return undefined;
  const text = await readFile(file, 'utf8');
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

async function execute(
  command: Exclude<CliCommand, { kind: 'help' }> | OidcCommand,
): Promise<void> {
  try {
    hashingThreads();
  } catch (error) {
    // One hash at a time needs no sized pool; a setting that is wrong in itself is still refused.
    if (!(error instanceof PoolStartedError)) throw error;
  }
  const config = readDatabaseConfig();
  // Progress of the embedded server goes nowhere: standard output is for the result alone.
  const database = await resolveDatabase(config, () => undefined);
  try {
    const app = await NestFactory.createApplicationContext(
      CliModule.register({ database: { url: database.url, poolSize: 2 } }),
      {
        logger: false,
        abortOnError: false,
      },
    );
    try {
      if (isOidc(command)) {
        await runOidcCommand(app, command);
        return;
      }
      const users = app.get(UsersService);
      const accounts = app.get(AccountsService);
      const organizations = app.get(ContractProvisioning);
      switch (command.kind) {
        case 'account-create': {
          const organizationId =
            command.org !== undefined
              ? (await organizations.findByName(command.org)).id
              : undefined;
          printIssued(await accounts.create({ ...command, organizationId }), command.json);
          break;
        }
        case 'org-create':
          printAccountList(
            await organizations.create(
              { ...command, usernames: await readUsernames(command.usernamesFile) },
              dateIn(readUsersConfig().timeZone, new Date()),
            ),
            command.format,
          );
          break;
        case 'org-add-accounts':
          printAccountList(
            await organizations.addAccounts(command.name, {
              ...command,
              usernames: await readUsernames(command.usernamesFile),
            }),
            command.format,
          );
          break;
        case 'org-end':
          printOrganizations([await organizations.end(command.name, command.endsOn)], command.json);
          break;
        case 'org-list':
          printOrganizations(await organizations.list(), command.json);
          break;
        case 'account-reissue':
          printIssued(await accounts.reissueByUsername(command.username), command.json);
          break;
        case 'account-unlock': {
          const account = await accounts.byUsername(command.username);
          const unlocked = await accounts.unlock(account);
          const result = { username: account.username, unlocked };
          process.stdout.write(
            command.json
              ? `${JSON.stringify(result)}\n`
              : `${result.username}: ${result.unlocked ? 'unlocked' : 'was not locked (nothing to lift)'}\n`,
          );
          break;
        }
        case 'account-list':
          printList(await users.listAccounts(), command.json);
          break;
      }
    } finally {
      await app.close();
    }
  } finally {
    await database.stop();
  }
}

function isOidc(command: CliCommand | OidcCommand): command is OidcCommand {
  return command.kind.startsWith('client-') || command.kind.startsWith('oidc-');
}

function fail(code: string, message: string, json: boolean, exitCode: number): void {
  process.stderr.write(
    json ? `${JSON.stringify({ error: { code, message } })}\n` : `error: ${message}\n`,
  );
  process.exitCode = exitCode;
}

async function main(argv: string[]): Promise<void> {
  const json = argv.includes('--json');
  let command: CliCommand | OidcCommand;
  try {
    command = isOidcCommand(argv) ? parseOidcCli(argv) : parseCli(argv);
  } catch (error) {
    if (error instanceof UsageError || error instanceof OidcUsageError) {
      fail('USAGE', `${error.message}\n\n${USAGE}\n\n${OIDC_USAGE}`, json, 2);
      return;
    }
    throw error;
  }
  if (command.kind === 'help') {
    process.stdout.write(`${USAGE}\n\n${OIDC_USAGE}\n`);
    return;
  }
  try {
    await execute(command);
  } catch (error) {
    if (
      error instanceof UsersError ||
      error instanceof OrganizationsError ||
      error instanceof OidcClientsError
    ) {
      fail(error.code, error.message, json, 1);
    } else if (error instanceof ConfigError) fail('CONFIG', error.message, json, 2);
    else if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
      fail('FILE_NOT_FOUND', error.message, json, 2);
    } else fail('INTERNAL', error instanceof Error ? error.message : String(error), json, 1);
  }
}

void main(process.argv.slice(2));

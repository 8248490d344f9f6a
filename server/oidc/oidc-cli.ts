import { parseArgs } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import {
  OidcClientsService,
  CLIENT_AUTH_METHODS,
  type ListedOidcClient,
} from './oidc-clients.service';
import { SigningKeysService } from './signing-keys.service';

export const OIDC_USAGE = `OpenID Connect (see docs/integrating.md):
  client create --name <name> --redirect-uri <uri> [--redirect-uri <uri>…]
                [--post-logout-redirect-uri <uri>…] [--public] [--contract <id or name>]
                [--consent] [--require-mfa] [--auth-method client_secret_basic|client_secret_post] [--json]
      Register an application; prints {"clientId": …, "clientSecret": …} (the secret only for a
      confidential client, shown once, stored hashed). --public: no secret, PKCE required (native
      apps, single-page apps). --contract: only that contract's accounts may sign in.
  client list [--json]
  client rotate-secret --client <id or name> [--json]
      A new secret (shown once); the old one stops working at once.
  client disable --client <id or name> [--json]
      The client can no longer sign anyone in; its tokens are revoked.
  oidc rotate-key [--json]
      A new signing key; the old one stays published for a day.`;

/** A command line that is not one of these commands; the CLI prints the usage with it. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type OidcCommand =
  | {
      kind: 'client-create';
      name: string;
      redirectUris: string[];
      postLogoutRedirectUris: string[];
      public: boolean;
      contract?: string;
      consent: boolean;
      requireMfa: boolean;
      authMethod?: (typeof CLIENT_AUTH_METHODS)[number];
      json: boolean;
    }
  | { kind: 'client-list'; json: boolean }
  | { kind: 'client-rotate-secret'; client: string; json: boolean }
  | { kind: 'client-disable'; client: string; json: boolean }
  | { kind: 'oidc-rotate-key'; json: boolean };

/** Whether argv is one of the OpenID Connect commands (handled here, not by parseCli). */
export function isOidcCommand(argv: string[]): boolean {
  const first = argv.find((arg) => !arg.startsWith('-'));
  return first === 'client' || first === 'oidc';
}

export function parseOidcCli(argv: string[]): OidcCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        name: { type: 'string' },
        'redirect-uri': { type: 'string', multiple: true },
        'post-logout-redirect-uri': { type: 'string', multiple: true },
        public: { type: 'boolean', default: false },
        contract: { type: 'string' },
        consent: { type: 'boolean', default: false },
        'require-mfa': { type: 'boolean', default: false },
        'auth-method': { type: 'string' },
        client: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const [group, action, ...rest] = positionals;
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  const json = values.json;
  const given = Object.keys(values).filter(
    (key) =>
      values[key as keyof typeof values] !== undefined &&
      !['json', 'public', 'consent', 'require-mfa'].includes(key),
  );
  const flags = (['public', 'consent', 'require-mfa'] as const).filter((key) => values[key]);
  const allow = (...names: string[]) => {
    for (const name of [...given, ...flags]) {
      if (!names.includes(name))
        throw new UsageError(`--${name} does not apply to "${group} ${action}"`);
    }
  };
  const client = () => {
    if (!values.client) throw new UsageError('--client is required');
    return values.client;
  };
  const command = `${group} ${action ?? ''}`.trim();
  switch (command) {
    case 'client create': {
      allow(
        'name',
        'redirect-uri',
        'post-logout-redirect-uri',
        'public',
        'contract',
        'consent',
        'require-mfa',
        'auth-method',
      );
      if (!values.name) throw new UsageError('--name is required');
      if (!values['redirect-uri']?.length) throw new UsageError('--redirect-uri is required');
      const authMethod = values['auth-method'];
      if (authMethod !== undefined) {
        if (!CLIENT_AUTH_METHODS.includes(authMethod as (typeof CLIENT_AUTH_METHODS)[number])) {
          throw new UsageError(`--auth-method must be one of ${CLIENT_AUTH_METHODS.join(', ')}`);
        }
        if (values.public)
          throw new UsageError('--auth-method does not apply to a --public client');
      }
      return {
        kind: 'client-create',
        name: values.name,
        redirectUris: values['redirect-uri'],
        postLogoutRedirectUris: values['post-logout-redirect-uri'] ?? [],
        public: values.public,
        ...(values.contract !== undefined ? { contract: values.contract } : {}),
        consent: values.consent,
        requireMfa: values['require-mfa'],
        ...(authMethod !== undefined
          ? { authMethod: authMethod as (typeof CLIENT_AUTH_METHODS)[number] }
          : {}),
        json,
      };
    }
    case 'client list':
      allow();
      return { kind: 'client-list', json };
    case 'client rotate-secret':
      allow('client');
      return { kind: 'client-rotate-secret', client: client(), json };
    case 'client disable':
      allow('client');
      return { kind: 'client-disable', client: client(), json };
    case 'oidc rotate-key':
      allow();
      return { kind: 'oidc-rotate-key', json };
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

function line(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

function describe(client: ListedOidcClient): string {
  return [
    `${client.name}  (${client.clientId})`,
    `  ${client.confidential ? `confidential, ${client.authMethod}` : 'public (PKCE)'}${client.native ? ', native app' : ''}${client.disabled ? ', DISABLED' : ''}`,
    `  contract: ${client.organizationName ?? 'any'}   consent screen: ${client.consent ? 'yes' : 'no'}   MFA required: ${client.requireMfa ? 'yes' : 'no'}`,
    ...client.redirectUris.map((uri) => `  redirect: ${uri}`),
  ].join('\n');
}

/** Runs an OpenID Connect command against the CLI's application context. */
export async function runOidcCommand(
  app: INestApplicationContext,
  command: OidcCommand,
): Promise<void> {
  const clients = app.get(OidcClientsService);
  switch (command.kind) {
    case 'client-create': {
      const created = await clients.create(command);
      if (command.json) line(created);
      else {
        process.stdout.write(
          `client id:     ${created.clientId}\n` +
            (created.clientSecret
              ? `client secret: ${created.clientSecret}   (shown once; only its hash is stored)\n`
              : 'public client: no secret; PKCE (S256) is required\n'),
        );
      }
      return;
    }
    case 'client-list': {
      const list = await clients.list();
      if (command.json) line(list);
      else
        process.stdout.write(list.length ? `${list.map(describe).join('\n\n')}\n` : 'no clients\n');
      return;
    }
    case 'client-rotate-secret': {
      const rotated = await clients.rotateSecret(command.client);
      if (command.json) line(rotated);
      else process.stdout.write(`client secret: ${rotated.clientSecret}   (shown once)\n`);
      return;
    }
    case 'client-disable': {
      const disabled = await clients.disable(command.client);
      if (command.json) line({ clientId: disabled.clientId, disabled: true });
      else process.stdout.write(`${disabled.name}: disabled; its tokens are revoked\n`);
      return;
    }
    case 'oidc-rotate-key': {
      const rotated = await app.get(SigningKeysService).rotate();
      if (command.json) line(rotated);
      else
        process.stdout.write(
          `new signing key ${rotated.kid}; published: ${rotated.published.join(', ')}\n`,
        );
      return;
    }
  }
}

import { type CliCommand, parseCli, UsageError } from './cli-args';

describe(parseCli.name, () => {
  it.each<[string[], CliCommand]>([
    [[], { kind: 'help' }],
    [['--help'], { kind: 'help' }],
    [['account', 'create', '--username', 'yamada', '--help'], { kind: 'help' }],
    [
      ['account', 'create', '--username', 'yamada'],
      { kind: 'account-create', username: 'yamada', role: 'user', expiresOn: null, json: false },
    ],
    [
      ['account', 'create', '--username', 'yamada', '--json'],
      { kind: 'account-create', username: 'yamada', role: 'user', expiresOn: null, json: true },
    ],
    [
      ['account', 'create', '--username=yamada', '--role', 'admin', '--expires', '2027-03-31'],
      {
        kind: 'account-create',
        username: 'yamada',
        role: 'admin',
        expiresOn: '2027-03-31',
        json: false,
      },
    ],
    [
      ['--json', 'account', 'create', '--role', 'user', '--username', 'yamada'],
      { kind: 'account-create', username: 'yamada', role: 'user', expiresOn: null, json: true },
    ],
    [
      ['account', 'reissue', '--username', 'yamada'],
      { kind: 'account-reissue', username: 'yamada', json: false },
    ],
    [
      ['account', 'reissue', '--username', 'yamada', '--json'],
      { kind: 'account-reissue', username: 'yamada', json: true },
    ],
    [
      ['account', 'unlock', '--username', 'yamada'],
      { kind: 'account-unlock', username: 'yamada', json: false },
    ],
    [
      ['account', 'unlock', '--username', 'yamada', '--json'],
      { kind: 'account-unlock', username: 'yamada', json: true },
    ],
    [
      ['account', 'create', '--username', 'yamada', '--org', 'Acme', '--json'],
      {
        kind: 'account-create',
        username: 'yamada',
        role: 'user',
        expiresOn: null,
        org: 'Acme',
        json: true,
      },
    ],
    [
      ['org', 'create', '--name', 'Acme', '--plan', 'P', '--admins', '1', '--users', '3', '--json'],
      {
        kind: 'org-create',
        name: 'Acme',
        plan: 'P',
        startsOn: null,
        admins: 1,
        users: 3,
        usernamesFile: null,
        format: 'json',
      },
    ],
    [
      [
        'org',
        'create',
        '--name',
        'A',
        '--plan',
        'P',
        '--starts',
        '2026-04-01',
        '--usernames',
        'f',
        '--csv',
      ],
      {
        kind: 'org-create',
        name: 'A',
        plan: 'P',
        startsOn: '2026-04-01',
        admins: 0,
        users: 0,
        usernamesFile: 'f',
        format: 'csv',
      },
    ],
    [
      ['org', 'add-accounts', '--name', 'A', '--users', '2'],
      {
        kind: 'org-add-accounts',
        name: 'A',
        admins: 0,
        users: 2,
        usernamesFile: null,
        format: 'text',
      },
    ],
    [
      ['org', 'end', '--name', 'A', '--on', '2027-03-31', '--json'],
      { kind: 'org-end', name: 'A', endsOn: '2027-03-31', json: true },
    ],
    [['org', 'list'], { kind: 'org-list', json: false }],
    [['account', 'list'], { kind: 'account-list', json: false }],
    [['account', 'list', '--json'], { kind: 'account-list', json: true }],
  ])('parses %j', (argv, expected) => {
    expect(parseCli(argv)).toEqual(expected);
  });

  it.each<[string, string[], RegExp]>([
    ['an unknown command group', ['user', 'create', '--username', 'x'], /unknown command "user"/],
    ['an unknown account command', ['account', 'delete'], /unknown command "account delete"/],
    ['a missing command after account', ['account'], /missing command after "account"/],
    ['create without --username', ['account', 'create'], /--username is required/],
    ['create with an empty --username', ['account', 'create', '--username', ''], /--username/],
    ['create with --username but no value', ['account', 'create', '--username'], /username/],
    ['reissue without --username', ['account', 'reissue', '--json'], /--username is required/],
    ['unlock without --username', ['account', 'unlock'], /--username is required/],
    [
      '--role on unlock',
      ['account', 'unlock', '--username', 'x', '--role', 'admin'],
      /--role does not apply to "account unlock"/,
    ],
    [
      'a role that does not exist',
      ['account', 'create', '--username', 'x', '--role', 'root'],
      /--role must be one of user, admin/,
    ],
    [
      'a role in the wrong case',
      ['account', 'create', '--username', 'x', '--role', 'Admin'],
      /--role must be one of user, admin/,
    ],
    ['an unknown option', ['account', 'create', '--username', 'x', '--force'], /force/],
    [
      '--username on list',
      ['account', 'list', '--username', 'x'],
      /--username does not apply to "account list"/,
    ],
    [
      '--role on reissue',
      ['account', 'reissue', '--username', 'x', '--role', 'admin'],
      /--role does not apply to "account reissue"/,
    ],
    [
      '--expires on reissue',
      ['account', 'reissue', '--username', 'x', '--expires', '2027-03-31'],
      /--expires does not apply to "account reissue"/,
    ],
    [
      'an extra positional argument',
      ['account', 'create', '--username', 'x', 'extra'],
      /unexpected argument "extra"/,
    ],
    ['an extra positional argument to list', ['account', 'list', 'all'], /unexpected argument/],
    ['an unknown org command', ['org', 'delete'], /unknown command "org delete"/],
    ['org create without --plan', ['org', 'create', '--name', 'A'], /--plan is required/],
    [
      'a negative count',
      ['org', 'create', '--name', 'A', '--plan', 'P', '--users', 'many'],
      /--users must be a whole number/,
    ],
    [
      '--users with --usernames',
      ['org', 'create', '--name', 'A', '--plan', 'P', '--users', '1', '--usernames', 'f'],
      /cannot be combined/,
    ],
    [
      '--json with --csv',
      ['org', 'create', '--name', 'A', '--plan', 'P', '--json', '--csv'],
      /--json and --csv cannot be combined/,
    ],
    [
      '--csv on account create',
      ['account', 'create', '--username', 'x', '--csv'],
      /--csv does not apply/,
    ],
    ['org end without --on', ['org', 'end', '--name', 'A'], /--on is required/],
    ['--org on org list', ['org', 'list', '--org', 'A'], /--org does not apply to "org list"/],
  ])('refuses %s with a UsageError', (_, argv, message) => {
    let thrown: unknown;
    try {
      parseCli(argv);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as UsageError).message).toMatch(message);
  });
});

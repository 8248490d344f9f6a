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

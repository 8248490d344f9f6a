import {
  IDLE_STATE,
  PASSWORD_CHANGED_STATE,
  RECOVERY_CODES_LEFT_STATE,
  SIGNED_OUT_STATE,
  safeReturnUrl,
  withoutOneTimeStates,
} from './return-url';

describe(safeReturnUrl.name, () => {
  it.each(['/settings/mfa', '/admin/audit?kind=sign_in&page=2', '/admin/accounts/1f0e#top'])(
    'keeps the app page %s',
    (url) => {
      expect(safeReturnUrl(url)).toBe(url);
    },
  );

  it.each([
    ['another site', '//evil.example/settings'],
    ['another site, backslash', '/\\evil.example'],
    ['a backslash anywhere', '/settings\\..\\x'],
    ['an absolute URL', 'https://evil.example/'],
    ['a script', 'javascript:alert(1)'],
    ['a relative path', 'settings'],
    ['a control character', '/settings\n/x'],
    ['the top page', '/'],
    ['the login', '/login'],
    ['the login with a query', '/login?returnUrl=%2Fsettings'],
    ['the code step', '/login/mfa'],
    ['the recovery step', '/login/mfa/recovery'],
    ['the forced change', '/password/required'],
    ['too long', `/${'a'.repeat(2000)}`],
    ['not a string', ['/settings']],
    ['nothing', null],
  ])('refuses %s', (_what, value) => {
    expect(safeReturnUrl(value)).toBeNull();
  });

  it('does not mistake a page that starts like a sign-in step for one', () => {
    expect(safeReturnUrl('/loginhelp')).toBe('/loginhelp');
    expect(safeReturnUrl('/password')).toBe('/password');
  });
});

describe(withoutOneTimeStates.name, () => {
  it('drops the notices and keeps the router’s own keys', () => {
    expect(
      withoutOneTimeStates({
        navigationId: 3,
        ɵrouterPageId: 2,
        [PASSWORD_CHANGED_STATE]: true,
        [RECOVERY_CODES_LEFT_STATE]: 4,
      }),
    ).toEqual({ navigationId: 3, ɵrouterPageId: 2 });
    expect(withoutOneTimeStates({ [SIGNED_OUT_STATE]: true, [IDLE_STATE]: true })).toEqual({});
  });

  it('answers null when there is nothing to forget', () => {
    expect(withoutOneTimeStates({ navigationId: 1 })).toBeNull();
    expect(withoutOneTimeStates(null)).toBeNull();
    expect(withoutOneTimeStates('state')).toBeNull();
  });
});

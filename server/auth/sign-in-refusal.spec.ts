import { type AccountToSignIn, signInRefusal } from './sign-in-refusal';

const TOKYO = 'Asia/Tokyo';
// 2026-12-05 00:30 in Tokyo (the day before in UTC).
const NOW = new Date('2026-12-04T15:30:00Z');
const usable: AccountToSignIn = {
  disabled: false,
  expiresOn: null,
  passwordIsTemporary: false,
  temporaryPasswordExpiresAt: null,
};

describe(signInRefusal.name, () => {
  it('lets a usable account in', () => {
    expect(signInRefusal(usable, TOKYO, NOW)).toBeNull();
    expect(signInRefusal({ ...usable, expiresOn: '2026-12-05' }, TOKYO, NOW)).toBeNull();
    expect(
      signInRefusal(
        {
          ...usable,
          passwordIsTemporary: true,
          temporaryPasswordExpiresAt: new Date(NOW.getTime() + 1),
        },
        TOKYO,
        NOW,
      ),
    ).toBeNull();
  });

  it.each([
    ['disabled', { disabled: true, expiresOn: '2026-12-01' }, 'ACCOUNT_DISABLED', 'disabled'],
    // The last day is the service's: already 5 December in Tokyo while still the 4th in UTC.
    [
      'past its last day in the service’s zone',
      { expiresOn: '2026-12-04' },
      'ACCOUNT_EXPIRED',
      'expired',
    ],
    [
      'a temporary password past its validity',
      { passwordIsTemporary: true, temporaryPasswordExpiresAt: NOW },
      'TEMPORARY_PASSWORD_EXPIRED',
      'temporary_password_expired',
    ],
  ])('refuses an account %s', (_, change, code, reason) => {
    expect(signInRefusal({ ...usable, ...change }, TOKYO, NOW)).toEqual({ code, reason });
  });

  it('ignores a temporary expiry left on a password that is no longer temporary', () => {
    expect(
      signInRefusal({ ...usable, temporaryPasswordExpiresAt: new Date(0) }, TOKYO, NOW),
    ).toBeNull();
  });
});

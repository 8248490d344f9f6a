import { amrOf, SECOND_FACTORS } from './oidc-accounts.service';

describe(amrOf.name, () => {
  it('names the password, and the factor of the MFA step', () => {
    expect(amrOf('password', null)).toEqual(['pwd']);
    expect(amrOf('password', 'totp')).toEqual(['pwd', 'otp']);
    expect(amrOf('password', 'recovery_code')).toEqual(['pwd', 'rc']);
    expect(amrOf('password', 'passkey')).toEqual(['pwd', 'hwk']);
  });

  it('counts a passkey, at the MFA step or alone, as a second factor for --require-mfa', () => {
    expect(amrOf('password', 'passkey').some((f) => SECOND_FACTORS.includes(f))).toBe(true);
    expect(amrOf('passkey', null)).toEqual(['hwk', 'user']);
    expect(amrOf('passkey', null).some((f) => SECOND_FACTORS.includes(f))).toBe(true);
    expect(amrOf('password', null).some((f) => SECOND_FACTORS.includes(f))).toBe(false);
  });
});

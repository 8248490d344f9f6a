import { OtpauthTotpAuthenticator } from './otpauth-totp-authenticator';

// RFC 6238 Appendix B: the SHA-1 seed is the 20 ASCII bytes "12345678901234567890".
const RFC_SECRET = Buffer.from('12345678901234567890', 'ascii');
const RFC_SHA1_VECTORS: [seconds: number, code: string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

const at = (seconds: number) => new Date(seconds * 1000);

describe(OtpauthTotpAuthenticator.name, () => {
  describe('code generation', () => {
    it.each(RFC_SHA1_VECTORS)(
      'reproduces the RFC 6238 SHA-1 vector at T=%i (8 digits)',
      (t, code) => {
        const sut = new OtpauthTotpAuthenticator({ digits: 8 });
        expect(sut.generate(RFC_SECRET, at(t))).toBe(code);
      },
    );

    it.each(RFC_SHA1_VECTORS)(
      'gives the last six digits of the vector at T=%i by default',
      (t, code) => {
        const sut = new OtpauthTotpAuthenticator();
        expect(sut.generate(RFC_SECRET, at(t))).toBe(code.slice(-6));
      },
    );
  });

  describe('the drift window', () => {
    const sut = new OtpauthTotpAuthenticator();
    // Mid-step, so that ±30 s lands in the neighbouring steps and ±60 s two steps away.
    const now = 1_700_000_015;
    const step = Math.floor(now / 30);
    const codeAt = (seconds: number) => sut.generate(RFC_SECRET, at(seconds));

    it('accepts the current code and names its time step', () => {
      expect(sut.verify(RFC_SECRET, codeAt(now), at(now))).toBe(step);
    });

    it('accepts the code of t-30 s and of t+30 s', () => {
      expect(sut.verify(RFC_SECRET, codeAt(now - 30), at(now))).toBe(step - 1);
      expect(sut.verify(RFC_SECRET, codeAt(now + 30), at(now))).toBe(step + 1);
    });

    it('refuses the code of t-60 s and of t+60 s', () => {
      expect(sut.verify(RFC_SECRET, codeAt(now - 60), at(now))).toBeNull();
      expect(sut.verify(RFC_SECRET, codeAt(now + 60), at(now))).toBeNull();
    });

    it('refuses malformed input without throwing', () => {
      expect(sut.verify(RFC_SECRET, '12345', at(now))).toBeNull();
      expect(sut.verify(RFC_SECRET, 'abcdef', at(now))).toBeNull();
      expect(sut.verify(RFC_SECRET, `${codeAt(now)}0`, at(now))).toBeNull();
    });
  });

  describe('secrets and URIs', () => {
    const sut = new OtpauthTotpAuthenticator();

    it('makes 160-bit secrets, a new one each time', () => {
      const a = sut.generateSecret();
      expect(a).toHaveLength(20);
      expect(sut.generateSecret().equals(a)).toBe(false);
    });

    it('writes the otpauth URI with issuer, label issuer:username and the standard settings', () => {
      const uri = new URL(sut.keyUri(RFC_SECRET, { issuer: 'Tobira', accountName: 'alice' }));
      expect(uri.protocol).toBe('otpauth:');
      expect(uri.host).toBe('totp');
      expect(decodeURIComponent(uri.pathname)).toBe('/Tobira:alice');
      expect(Object.fromEntries(uri.searchParams)).toEqual({
        issuer: 'Tobira',
        secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
        algorithm: 'SHA1',
        digits: '6',
        period: '30',
      });
    });
  });
});

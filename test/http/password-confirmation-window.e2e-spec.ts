import { BrowserLikeClient } from '../support/browser-like-client';
import { issueAccount, strongPassword } from '../support/factories';
import { createTestApp, type TestApp } from '../support/test-app';

describe('One password confirmation for the steps of one task', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp();
  });

  afterAll(async () => {
    await sut.close();
  });

  /** An account signed in from two browsers, its temporary password replaced. */
  async function account() {
    const issued = await issueAccount(sut.accounts);
    const here = new BrowserLikeClient(sut.app);
    await here.signIn(issued.username, issued.password);
    const password = strongPassword();
    await here.post('/api/auth/password', {
      currentPassword: issued.password,
      newPassword: password,
      newPasswordConfirmation: password,
    });
    const there = new BrowserLikeClient(sut.app);
    expect((await there.signIn(issued.username, password)).status).toBe(200);
    return { here, there, password };
  }

  it('asks for the password until it is typed once, then lets the same session leave it out', async () => {
    const { here, there, password } = await account();

    const missing = await here.post('/api/sessions/end-others', {});
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([
      expect.objectContaining({ field: 'currentPassword', code: 'REQUIRED' }),
    ]);
    expect((await here.get('/api/auth/password-confirmation')).body).toEqual({
      confirmedUntil: null,
      secondsLeft: 0,
    });
    expect((await there.get('/api/auth/session')).status).toBe(200);

    const typed = await here.post('/api/sessions/end-others', { currentPassword: password });
    expect(typed.status).toBe(200);
    expect(typed.body).toEqual({ ended: 1 });

    const window = (await here.get('/api/auth/password-confirmation')).body as {
      confirmedUntil: string;
      secondsLeft: number;
    };
    expect(window.secondsLeft).toBeGreaterThan(4 * 60);
    expect(window.secondsLeft).toBeLessThanOrEqual(5 * 60);
    const left = Date.parse(window.confirmedUntil) - Date.now();
    expect(left).toBeGreaterThan(4 * 60_000);
    expect(left).toBeLessThanOrEqual(5 * 60_000 + 1_000);

    // The follow-up steps: a passkey's registration starts without the password again.
    const passkey = await here.post('/api/passkeys/registration/options', {});
    expect(passkey.status).toBe(200);
    expect(passkey.body).toHaveProperty('challenge');
    expect((await here.post('/api/sessions/end-others', {})).body).toEqual({ ended: 0 });
  });

  it('holds for that session only, still checks a password that is sent, and never for a password change', async () => {
    const { here, there, password } = await account();
    expect(
      (await here.post('/api/sessions/end-others', { currentPassword: password })).status,
    ).toBe(200);
    expect(
      (await there.signIn((await here.get('/api/auth/session')).body.username, password)).status,
    ).toBe(200);

    const elsewhere = await there.post('/api/sessions/end-others', {});
    expect(elsewhere.status).toBe(400);
    expect((await there.get('/api/auth/password-confirmation')).body).toEqual({
      confirmedUntil: null,
      secondsLeft: 0,
    });

    const wrong = await here.post('/api/sessions/end-others', {
      currentPassword: 'Wrong-pass-123',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([
      expect.objectContaining({ field: 'currentPassword', code: 'CURRENT_PASSWORD_INCORRECT' }),
    ]);

    const next = strongPassword();
    const change = await here.post('/api/auth/password', {
      newPassword: next,
      newPasswordConfirmation: next,
    });
    expect(change.status).toBe(400);
    expect(change.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'currentPassword' })]),
    );
  });
});

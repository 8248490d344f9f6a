import { ContractProvisioning } from '../../server/accounts/contract-provisioning';
import { OidcClientsService } from '../../server/oidc/oidc-clients.service';
import { BrowserLikeClient } from '../support/browser-like-client';
import { strongPassword, uniqueUsername } from '../support/factories';
import { createTestApp, type TestApp } from '../support/test-app';

function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());
}

describe("The contract's applications in account administration (GET /api/admin/oidc-clients)", () => {
  let sut: TestApp;
  let clients: OidcClientsService;

  beforeAll(async () => {
    sut = await createTestApp();
    clients = sut.app.get(OidcClientsService);
  });

  afterAll(async () => {
    await sut.close();
  });

  /** A contract with one administrator and one general user, both past the forced change. */
  async function contract() {
    const list = await sut.app
      .get(ContractProvisioning)
      .create(
        { name: uniqueUsername('rp'), plan: 'ココナワーク', startsOn: null, admins: 1, users: 1 },
        today(),
      );
    const signedIn = async (account: { username: string; temporaryPassword: string }) => {
      const browser = new BrowserLikeClient(sut.app);
      expect((await browser.signIn(account.username, account.temporaryPassword)).status).toBe(200);
      const password = strongPassword();
      const changed = await browser.post('/api/auth/password', {
        currentPassword: account.temporaryPassword,
        newPassword: password,
        newPasswordConfirmation: password,
      });
      expect(changed.status).toBe(200);
      return browser;
    };
    const [{ id }] = await sut.db.dataSource.query<{ id: string }[]>(
      'SELECT organization_id AS id FROM users WHERE username = $1',
      [list.accounts[0].username],
    );
    return {
      id,
      admin: await signedIn(list.accounts.find((a) => a.role === 'admin')!),
      user: await signedIn(list.accounts.find((a) => a.role === 'user')!),
    };
  }

  it("shows the administrator their contract's applications and those open to all, never another contract's, never a secret", async () => {
    const mine = await contract();
    const theirs = await contract();
    const wiki = await clients.create({
      name: uniqueUsername('Wiki'),
      redirectUris: ['https://wiki.example.com/callback'],
      public: false,
      contract: mine.id,
      consent: true,
      requireMfa: true,
    });
    const desktop = await clients.create({
      name: uniqueUsername('Desktop'),
      redirectUris: ['http://127.0.0.1/callback', 'jp.example.desktop:/callback'],
      public: true,
      consent: false,
      requireMfa: false,
    });
    const other = await clients.create({
      name: uniqueUsername('Other'),
      redirectUris: ['https://other.example.com/callback'],
      public: false,
      contract: theirs.id,
      consent: false,
      requireMfa: false,
    });
    await clients.disable(desktop.clientId);

    const res = await mine.admin.get('/api/admin/oidc-clients');

    expect(res.status).toBe(200);
    const items = res.body as Record<string, unknown>[];
    expect(items).toContainEqual({
      name: expect.stringMatching(/^Wiki/),
      clientId: wiki.clientId,
      type: 'confidential',
      redirectUris: ['https://wiki.example.com/callback'],
      scope: 'contract',
      consent: true,
      requireMfa: true,
      disabled: false,
    });
    expect(items).toContainEqual({
      name: expect.stringMatching(/^Desktop/),
      clientId: desktop.clientId,
      type: 'public',
      redirectUris: ['http://127.0.0.1/callback', 'jp.example.desktop:/callback'],
      scope: 'all',
      consent: false,
      requireMfa: false,
      disabled: true,
    });
    // The contract's own come first.
    expect(items[0].scope).toBe('contract');
    expect(items.map((c) => c.clientId)).not.toContain(other.clientId);
    expect(items.filter((c) => c.scope === 'contract').map((c) => c.clientId)).toEqual([
      wiki.clientId,
    ]);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(wiki.clientSecret!);
    expect(text).not.toMatch(/secret/i);

    // The other contract's administrator sees theirs, not mine.
    const seen = (await theirs.admin.get('/api/admin/oidc-clients')).body as { clientId: string }[];
    expect(seen.map((c) => c.clientId)).toContain(other.clientId);
    expect(seen.map((c) => c.clientId)).not.toContain(wiki.clientId);
  });

  it('answers 403 to a general user and 401 without a session', async () => {
    const { user } = await contract();
    const res = await user.get('/api/admin/oidc-clients');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ADMIN_ROLE_REQUIRED');
    expect((await new BrowserLikeClient(sut.app).get('/api/admin/oidc-clients')).status).toBe(401);
  });
});

import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { MfaService } from '../../server/mfa/mfa.service';
import { keyId, SecretBox } from '../../server/mfa/secret-box';
import { issueAccount } from '../support/factories';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const SEALED_UNDER_ANOTHER_KEY = 'MFA secrets sealed under another key';

/**
 * One app at a time on one database (passport's strategies are process-wide, so two live apps in
 * one process would share one): the first issues accounts and stores their secrets, later ones
 * start on that database with the same or another MFA_ENCRYPTION_KEY.
 */
describe('Start-up with MFA secrets sealed under another key', () => {
  const keyA = randomBytes(32);
  const keyB = randomBytes(32);
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    const first = await createTestApp({ MFA_ENCRYPTION_KEY: keyA.toString('base64') }, db);
    try {
      for (let i = 0; i < 3; i++) {
        const { username } = await issueAccount(first.accounts);
        const [{ id }]: { id: string }[] = await db.dataSource.query(
          'SELECT id FROM users WHERE username = $1',
          [username],
        );
        await db.dataSource.query(
          `INSERT INTO mfa_credentials (user_id, secret_sealed, enabled_at) VALUES ($1, $2, now())`,
          [id, new SecretBox(keyA).seal(randomBytes(20), id)],
        );
      }
    } finally {
      await first.close();
    }
  });

  afterAll(async () => {
    await db?.drop();
  });

  async function startWith(key: Buffer) {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const app = await createTestApp({ MFA_ENCRYPTION_KEY: key.toString('base64') }, db);
      const logged = error.mock.calls
        .map(([message]) => message as { msg?: string })
        .filter((message) => message.msg?.startsWith(SEALED_UNDER_ANOTHER_KEY));
      return { app, logged };
    } finally {
      error.mockRestore();
    }
  }

  it('logs, with both key ids, how many secrets the configured key cannot open, and still starts', async () => {
    const { app, logged } = await startWith(keyB);
    try {
      expect(logged).toEqual([
        expect.objectContaining({ keyId: keyId(keyA), secrets: 3, configuredKeyId: keyId(keyB) }),
      ]);
      expect(await app.app.get(MfaService).secretsUnderOtherKeys()).toEqual([
        { keyId: keyId(keyA), secrets: 3 },
      ]);
    } finally {
      await app.close();
    }
  });

  it('says nothing under the key the secrets were sealed with', async () => {
    const { app, logged } = await startWith(keyA);
    try {
      expect(logged).toEqual([]);
      expect(await app.app.get(MfaService).secretsUnderOtherKeys()).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

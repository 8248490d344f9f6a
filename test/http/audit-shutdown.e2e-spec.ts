import { Logger } from '@nestjs/common';
import { createTestApp } from '../support/test-app';

// Its own file: one live application per file (passport's strategies are process-wide).
describe('Audit retention at shutdown', () => {
  it('lets the start-up purge finish before the connections close, so a quick stop logs no error', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error');
    try {
      const app = await createTestApp({ AUDIT_RETENTION_DAYS: '400' });
      // The purge started with the application and is still running.
      await app.close();
      expect(errors.mock.calls.map(([message]): unknown => message)).toEqual([]);
    } finally {
      errors.mockRestore();
    }
  });
});

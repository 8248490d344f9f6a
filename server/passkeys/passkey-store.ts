import { Injectable, Module } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * SQL of how many passkeys the account whose id is `userIdSql` has, for read models that fold it
 * into their own statement (the administrator's account list).
 */
export function passkeyCountSql(userIdSql: string): string {
  return `(SELECT count(*)::int FROM passkeys WHERE user_id = ${userIdSql})`;
}

/** What other modules may do to `passkeys` (owned by server/passkeys): forget an account's. */
@Injectable()
export class PasskeyStore {
  /** An administrator's MFA reset: the account's passkeys go with its TOTP and recovery codes. */
  async forget(manager: EntityManager, userId: string): Promise<number> {
    const [, deleted]: [unknown, number] = await manager.query(
      'DELETE FROM passkeys WHERE user_id = $1',
      [userId],
    );
    return deleted;
  }
}

/** Owns `passkeys` without HTTP: what an administrator's reset needs. */
@Module({ providers: [PasskeyStore], exports: [PasskeyStore] })
export class PasskeyStoreModule {}

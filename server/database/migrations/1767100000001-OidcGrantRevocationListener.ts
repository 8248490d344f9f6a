import { MigrationInterface, QueryRunner } from 'typeorm';
import { createAuditRevocationTrigger } from './1766000000000-OpenIdConnect';

/**
 * An account's OpenID Connect grants are revoked by the provider's own listener, which the sessions
 * module calls in the transaction of the change (server/sessions/credentials-revoked.ts,
 * server/oidc/grant-revocation.ts), no longer by a trigger on the audit log: the audit log's rows
 * say what happened, they do not make it happen.
 */
export class OidcGrantRevocationListener1767100000001 implements MigrationInterface {
  name = 'OidcGrantRevocationListener1767100000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER audit_events_revoke_oidc_grants ON audit_events');
    await queryRunner.query('DROP FUNCTION oidc_revoke_account_grants()');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await createAuditRevocationTrigger(queryRunner);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

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
    await queryRunner.query(`
      CREATE FUNCTION oidc_revoke_account_grants() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.target_user_id IS NOT NULL AND (
             NEW.kind IN ('account.disabled', 'account.temporary_password_reissued',
                          'account.mfa_reset', 'account.sessions_ended')
             OR (NEW.kind = 'session.ended' AND NEW.detail ->> 'scope' = 'others')) THEN
          WITH gone AS (
            DELETE FROM oidc_payloads
             WHERE account_id = NEW.target_user_id::text
               AND model IN ('Grant', 'AuthorizationCode', 'AccessToken', 'RefreshToken', 'Session')
            RETURNING grant_id)
          INSERT INTO oidc_revoked_grants (grant_id, expires_at)
          SELECT DISTINCT grant_id, now() + interval '400 days' FROM gone WHERE grant_id IS NOT NULL
          ON CONFLICT (grant_id) DO NOTHING;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_events_revoke_oidc_grants AFTER INSERT ON audit_events
        FOR EACH ROW EXECUTE FUNCTION oidc_revoke_account_grants()`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How each session was authenticated, kept on the session (server/sessions): how its sign-in began
 * (the password, or a passkey alone) and the second factor of its MFA step. The OpenID Connect
 * provider's `amr` is read from here, no longer worked out from the audit log.
 *
 * Sessions that exist already are given what the audit log says of them, once, as the provider
 * read it until now: the method of the first sign-in of the account since the session began, and
 * the factor of the latest MFA step since then; a session still waiting for its code has none.
 */
export class SessionSignIns1767100000000 implements MigrationInterface {
  name = 'SessionSignIns1767100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE sessions
        ADD COLUMN sign_in_method varchar(16) NOT NULL DEFAULT 'password'
          CONSTRAINT sessions_sign_in_method CHECK (sign_in_method IN ('password', 'passkey')),
        ADD COLUMN second_factor varchar(16)
          CONSTRAINT sessions_second_factor
          CHECK (second_factor IN ('totp', 'recovery_code', 'passkey'))`);
    await queryRunner.query(`
      UPDATE sessions s SET
        sign_in_method = CASE WHEN (
            SELECT a.detail ->> 'method' FROM audit_events a
             WHERE a.target_user_id = s.user_id AND a.kind = 'sign_in.succeeded'
               AND a.occurred_at >= s.created_at
             ORDER BY a.occurred_at LIMIT 1) = 'passkey' THEN 'passkey' ELSE 'password' END,
        second_factor = CASE WHEN s.mfa_pending_until IS NULL THEN (
            SELECT a.detail ->> 'factor' FROM audit_events a
             WHERE a.target_user_id = s.user_id AND a.kind = 'sign_in.mfa_passed'
               AND a.occurred_at >= s.created_at
               AND a.detail ->> 'factor' IN ('totp', 'recovery_code', 'passkey')
             ORDER BY a.occurred_at DESC LIMIT 1) END`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE sessions DROP COLUMN second_factor, DROP COLUMN sign_in_method',
    );
  }
}

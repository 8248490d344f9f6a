import { MigrationInterface, QueryRunner } from 'typeorm';

export class MultiFactorAuth1764400000000 implements MigrationInterface {
  name = 'MultiFactorAuth1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // One TOTP credential per account: pending while enabled_at is null, on once confirmed.
    await queryRunner.query(`
      CREATE TABLE mfa_credentials (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        secret_sealed text NOT NULL,
        enabled_at timestamptz,
        last_used_step bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE mfa_recovery_codes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        code_hash bytea NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX mfa_recovery_codes_user_id_code_hash_key ON mfa_recovery_codes (user_id, code_hash)`,
    );
    await queryRunner.query(`
      ALTER TABLE sessions
        ADD COLUMN mfa_pending_until timestamptz,
        ADD COLUMN mfa_failed_attempts integer NOT NULL DEFAULT 0`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE sessions DROP COLUMN mfa_failed_attempts, DROP COLUMN mfa_pending_until`,
    );
    await queryRunner.query(`DROP TABLE mfa_recovery_codes`);
    await queryRunner.query(`DROP TABLE mfa_credentials`);
  }
}

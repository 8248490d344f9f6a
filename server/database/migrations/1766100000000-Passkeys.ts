import { MigrationInterface, QueryRunner } from 'typeorm';

export class Passkeys1766100000000 implements MigrationInterface {
  name = 'Passkeys1766100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A WebAuthn credential is one authenticator's key pair for this relying party; its id is
    // unique across all accounts (the authenticator chose it), so one can never be on two accounts.
    await queryRunner.query(`
      CREATE TABLE passkeys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name varchar(64) NOT NULL,
        credential_id text NOT NULL,
        public_key bytea NOT NULL,
        sign_count bigint NOT NULL DEFAULT 0,
        transports text[] NOT NULL DEFAULT '{}',
        backup_eligible boolean NOT NULL,
        backed_up boolean NOT NULL,
        aaguid uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        CONSTRAINT passkeys_credential_id_key UNIQUE (credential_id),
        CONSTRAINT passkeys_sign_count_check CHECK (sign_count >= 0 AND sign_count <= 4294967295)
      )`);
    await queryRunner.query(`CREATE INDEX passkeys_user_id_idx ON passkeys (user_id, created_at)`);
    // A challenge waits for its one answer: bound either to a session (registration, the MFA
    // step) or, before any session exists (passwordless sign-in), to a random value held in an
    // HttpOnly cookie of the browser that asked for it; one outstanding per binding and purpose.
    await queryRunner.query(`
      CREATE TABLE passkey_challenges (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        purpose text NOT NULL
          CONSTRAINT passkey_challenges_purpose_check
          CHECK (purpose IN ('registration', 'second_factor', 'sign_in')),
        session_id uuid REFERENCES sessions (id) ON DELETE CASCADE,
        browser_hash bytea,
        challenge text NOT NULL,
        expires_at timestamptz NOT NULL,
        CONSTRAINT passkey_challenges_binding_check
          CHECK ((session_id IS NULL) <> (browser_hash IS NULL))
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX passkey_challenges_session_key ON passkey_challenges (session_id, purpose) WHERE session_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX passkey_challenges_browser_key ON passkey_challenges (browser_hash) WHERE browser_hash IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX passkey_challenges_expires_at_idx ON passkey_challenges (expires_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE passkey_challenges`);
    await queryRunner.query(`DROP TABLE passkeys`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The OpenID Connect provider's tables (server/oidc): its clients, its signing keys (sealed like
 * the TOTP secrets), the state oidc-provider keeps between the steps of a flow (codes, grants,
 * refresh tokens, its sessions and interactions), shared by every instance, and the grants revoked
 * while a request of theirs may still be under way.
 *
 * A trigger on the audit log revokes an account's grants (and so its refresh and access tokens) in
 * the same transaction as the change it records: the account disabled, its temporary password
 * reissued, its MFA reset, or its sessions ended (by an administrator, or by the user for their
 * other sessions). Every one of those changes is recorded there, whichever module makes it.
 */
export class OpenIdConnect1766000000000 implements MigrationInterface {
  name = 'OpenIdConnect1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE oidc_clients (
        client_id varchar(64) PRIMARY KEY,
        name varchar(128) NOT NULL,
        secret_hash bytea,
        auth_method varchar(24) NOT NULL,
        redirect_uris text[] NOT NULL,
        post_logout_redirect_uris text[] NOT NULL DEFAULT '{}',
        organization_id uuid REFERENCES organizations (id),
        consent boolean NOT NULL DEFAULT false,
        require_mfa boolean NOT NULL DEFAULT false,
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT oidc_clients_redirect_uris_present CHECK (cardinality(redirect_uris) > 0),
        CONSTRAINT oidc_clients_auth_method CHECK (
          (auth_method = 'none' AND secret_hash IS NULL)
          OR (auth_method IN ('client_secret_basic', 'client_secret_post') AND secret_hash IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX oidc_clients_name_key ON oidc_clients (lower(name))`,
    );
    await queryRunner.query(
      `CREATE INDEX oidc_clients_organization_id_idx ON oidc_clients (organization_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE oidc_signing_keys (
        kid varchar(64) PRIMARY KEY,
        sealed_jwk text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        retired_at timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE oidc_payloads (
        model varchar(40) NOT NULL,
        id varchar(255) NOT NULL,
        payload jsonb NOT NULL,
        grant_id varchar(255),
        uid varchar(255),
        user_code varchar(255),
        account_id varchar(255),
        consumed_at timestamptz,
        expires_at timestamptz,
        PRIMARY KEY (model, id)
      )`);
    await queryRunner.query(
      `CREATE INDEX oidc_payloads_grant_id_idx ON oidc_payloads (grant_id) WHERE grant_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX oidc_payloads_uid_idx ON oidc_payloads (uid) WHERE uid IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX oidc_payloads_account_id_idx ON oidc_payloads (account_id) WHERE account_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX oidc_payloads_expires_at_idx ON oidc_payloads (expires_at)`,
    );
    await queryRunner.query(`
      CREATE TABLE oidc_revoked_grants (
        grant_id varchar(255) PRIMARY KEY,
        expires_at timestamptz NOT NULL
      )`);
    // Which portal session a provider session (single sign-on) relies on: signing out of the
    // portal deletes the session, and with it the link.
    await queryRunner.query(`
      CREATE TABLE oidc_session_links (
        key varchar(300) PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX oidc_session_links_session_id_idx ON oidc_session_links (session_id)`,
    );
    await createAuditRevocationTrigger(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_events_revoke_oidc_grants ON audit_events`);
    await queryRunner.query(`DROP FUNCTION oidc_revoke_account_grants()`);
    await queryRunner.query(`DROP TABLE oidc_session_links`);
    await queryRunner.query(`DROP TABLE oidc_revoked_grants`);
    await queryRunner.query(`DROP TABLE oidc_payloads`);
    await queryRunner.query(`DROP TABLE oidc_signing_keys`);
    await queryRunner.query(`DROP TABLE oidc_clients`);
  }
}

/**
 * The trigger this migration put on the audit log to revoke an account's grants (dropped by
 * 1767100000001, whose `down` puts it back).
 */
export async function createAuditRevocationTrigger(queryRunner: QueryRunner): Promise<void> {
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

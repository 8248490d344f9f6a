import { MigrationInterface, QueryRunner } from 'typeorm';

/** Must match DEFAULT_ORGANIZATION_ID in server/organizations/organization.entity.ts. */
const DEFAULT_ORGANIZATION_ID = '00000000-0000-4000-8000-000000000001';

export class Organizations1764500000000 implements MigrationInterface {
  name = 'Organizations1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    // Lets one GIN index hold the contract and the username's trigrams together.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gin`);
    await queryRunner.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(100) NOT NULL,
        plan varchar(100) NOT NULL,
        service_starts_on date NOT NULL,
        service_ends_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX organizations_name_lower_key ON organizations (lower(name))`,
    );
    // Accounts made before contracts existed keep working, in one contract of their own.
    await queryRunner.query(
      `INSERT INTO organizations (id, name, plan, service_starts_on)
       VALUES ($1, 'default', 'default',
               COALESCE((SELECT min(created_at)::date FROM users), current_date))`,
      [DEFAULT_ORGANIZATION_ID],
    );
    await queryRunner.query(`ALTER TABLE users ADD COLUMN organization_id uuid`);
    await queryRunner.query(`UPDATE users SET organization_id = $1`, [DEFAULT_ORGANIZATION_ID]);
    await queryRunner.query(`
      ALTER TABLE users
        ALTER COLUMN organization_id SET NOT NULL,
        ADD CONSTRAINT users_organization_id_fkey
          FOREIGN KEY (organization_id) REFERENCES organizations (id)`);
    // The admin list always filters by contract first. These serve its default sort (username),
    // the other sorts (in the direction and NULLS placement the list asks for), and substring
    // search within one contract.
    await queryRunner.query(
      `CREATE INDEX users_organization_username_idx
         ON users (organization_id, lower(username) text_pattern_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX users_organization_last_sign_in_idx
         ON users (organization_id, last_sign_in_at DESC NULLS LAST)`,
    );
    await queryRunner.query(
      `CREATE INDEX users_organization_expires_on_idx ON users (organization_id, expires_on)`,
    );
    await queryRunner.query(
      `CREATE INDEX users_organization_created_at_idx ON users (organization_id, created_at)`,
    );
    await queryRunner.query(
      `CREATE INDEX users_organization_username_trgm_idx
         ON users USING gin (organization_id, lower(username) gin_trgm_ops)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX users_organization_username_trgm_idx`);
    await queryRunner.query(`DROP INDEX users_organization_created_at_idx`);
    await queryRunner.query(`DROP INDEX users_organization_expires_on_idx`);
    await queryRunner.query(`DROP INDEX users_organization_last_sign_in_idx`);
    await queryRunner.query(`DROP INDEX users_organization_username_idx`);
    await queryRunner.query(`ALTER TABLE users DROP COLUMN organization_id`);
    await queryRunner.query(`DROP TABLE organizations`);
  }
}

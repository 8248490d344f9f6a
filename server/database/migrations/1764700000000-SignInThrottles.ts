import { MigrationInterface, QueryRunner } from 'typeorm';

export class SignInThrottles1764700000000 implements MigrationInterface {
  name = 'SignInThrottles1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // One row per account (consecutive failures, lockout) and per client address (failures in a
    // window). Every change is one INSERT ... ON CONFLICT DO UPDATE, so concurrent attempts on any
    // number of instances are all counted.
    await queryRunner.query(`
      CREATE TABLE sign_in_throttles (
        scope varchar(16) NOT NULL CONSTRAINT sign_in_throttles_scope_check CHECK (scope IN ('account', 'address')),
        key varchar(64) NOT NULL,
        failures integer NOT NULL,
        first_failure_at timestamptz NOT NULL,
        last_failure_at timestamptz NOT NULL,
        locked_until timestamptz,
        locked_at timestamptz,
        PRIMARY KEY (scope, key)
      )`);
    await queryRunner.query(
      `CREATE INDEX sign_in_throttles_last_failure_at_idx ON sign_in_throttles (last_failure_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE sign_in_throttles`);
  }
}

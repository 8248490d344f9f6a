import { MigrationInterface, QueryRunner } from 'typeorm';

export class MfaThrottle1764900000000 implements MigrationInterface {
  name = 'MfaThrottle1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The MFA code step gets its own per-account counter ('mfa'), next to the password's.
    await queryRunner.query(
      `ALTER TABLE sign_in_throttles DROP CONSTRAINT sign_in_throttles_scope_check`,
    );
    await queryRunner.query(
      `ALTER TABLE sign_in_throttles ADD CONSTRAINT sign_in_throttles_scope_check
         CHECK (scope IN ('account', 'address', 'mfa'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM sign_in_throttles WHERE scope = 'mfa'`);
    await queryRunner.query(
      `ALTER TABLE sign_in_throttles DROP CONSTRAINT sign_in_throttles_scope_check`,
    );
    await queryRunner.query(
      `ALTER TABLE sign_in_throttles ADD CONSTRAINT sign_in_throttles_scope_check
         CHECK (scope IN ('account', 'address'))`,
    );
  }
}

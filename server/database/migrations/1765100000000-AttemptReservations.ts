import { MigrationInterface, QueryRunner } from 'typeorm';

export class AttemptReservations1765100000000 implements MigrationInterface {
  name = 'AttemptReservations1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // An attempt is reserved on its row before its secret is checked (BruteForceService): `reserved`
    // counts the admitted attempts still being checked, `reserved_at` when the last was admitted (a
    // reservation of a process that died is forgotten after a minute), and `admitted` answers
    // whether the statement that just wrote the row let its attempt through, which RETURNING could
    // not otherwise tell (it sees only the new row). 'bulk_issue' counts an administrator's bulk
    // uploads that were refused for taken usernames.
    await queryRunner.query(`
      ALTER TABLE sign_in_throttles
        ADD COLUMN reserved integer NOT NULL DEFAULT 0,
        ADD COLUMN reserved_at timestamptz,
        ADD COLUMN admitted boolean NOT NULL DEFAULT true`);
    await queryRunner.query(
      `ALTER TABLE sign_in_throttles DROP CONSTRAINT sign_in_throttles_scope_check`,
    );
    await queryRunner.query(
      `ALTER TABLE sign_in_throttles ADD CONSTRAINT sign_in_throttles_scope_check
         CHECK (scope IN ('account', 'address', 'mfa', 'bulk_issue'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM sign_in_throttles WHERE scope = 'bulk_issue'`);
    await queryRunner.query(
      `ALTER TABLE sign_in_throttles DROP CONSTRAINT sign_in_throttles_scope_check`,
    );
    await queryRunner.query(
      `ALTER TABLE sign_in_throttles ADD CONSTRAINT sign_in_throttles_scope_check
         CHECK (scope IN ('account', 'address', 'mfa'))`,
    );
    await queryRunner.query(`
      ALTER TABLE sign_in_throttles
        DROP COLUMN reserved, DROP COLUMN reserved_at, DROP COLUMN admitted`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

export class PasswordConfirmationWindow1767400000000 implements MigrationInterface {
  name = 'PasswordConfirmationWindow1767400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A session whose user has just typed the password again may take the next steps of the same
    // task (new recovery codes, ending the other sessions) without typing it once more, until
    // `confirmed_until`. The row goes with its session.
    await queryRunner.query(`
      CREATE TABLE password_confirmations (
        session_id uuid PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
        confirmed_until timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE password_confirmations');
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The admin list's default order (lower(username), in the database's collation) had no index
 * within a contract: the one on (organization_id, lower(username)) used text_pattern_ops, whose
 * order is not the collation's, and the list's search is a substring search that the trigram index
 * serves. PostgreSQL then read the first page of a small contract by walking the database-wide
 * username index and filtering by contract: every account of every contract that sorts before it.
 * In the collation's order, the contract's own index gives the page directly.
 */
export class AccountListOrder1765000000000 implements MigrationInterface {
  name = 'AccountListOrder1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Built before the old one is dropped: the build only blocks writes to users, and the drop's
    // exclusive lock (reads too) is held for the moment left before the migrations commit.
    await queryRunner.query(
      `CREATE INDEX users_organization_username_order_idx ON users (organization_id, lower(username))`,
    );
    await queryRunner.query(`DROP INDEX users_organization_username_idx`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX users_organization_username_idx
         ON users (organization_id, lower(username) text_pattern_ops)`,
    );
    await queryRunner.query(`DROP INDEX users_organization_username_order_idx`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditLog1764600000000 implements MigrationInterface {
  name = 'AuditLog1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // No foreign keys: the trail outlives the accounts it mentions.
    await queryRunner.query(`
      CREATE TABLE audit_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        kind varchar(64) NOT NULL,
        actor_kind varchar(16) NOT NULL,
        actor_user_id uuid,
        actor_username varchar(64),
        target_user_id uuid,
        target_username varchar(64),
        organization_id uuid,
        ip_address varchar(64),
        user_agent varchar(512),
        detail jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await queryRunner.query(
      `CREATE INDEX audit_events_target_user_id_occurred_at_idx ON audit_events (target_user_id, occurred_at DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX audit_events_organization_id_occurred_at_idx ON audit_events (organization_id, occurred_at DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX audit_events_occurred_at_idx ON audit_events (occurred_at)`,
    );
    // Append-only, enforced by the database for every role that writes through it: rows can only be
    // removed by the retention job, which marks its own transaction and may only take expired rows.
    await queryRunner.query(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        retention_days text := current_setting('tobira.audit_retention_days', true);
      BEGIN
        IF TG_OP = 'DELETE' AND retention_days ~ '^[0-9]+$'
           AND OLD.occurred_at < now() - make_interval(days => retention_days::int)
        THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_events`);
    await queryRunner.query(`DROP FUNCTION audit_events_append_only()`);
  }
}

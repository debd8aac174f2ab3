import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from './index.js';

// The moderation pipeline: screenings, reports, the case queue, actions (strikes), appeals, and the
// append-only audit log. The audit log has no foreign keys so deleting an account can never touch it.
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  const id = dialect === 'pg' ? 'bigint' : 'integer';
  const s = db.schema;

  await s
    .createTable('moderation_screenings')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('status_id', id)
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('categories', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('language', 'text')
    .addColumn('edit', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('moderation_screenings_time').on('moderation_screenings').column('created_at').execute();

  await s
    .createTable('moderation_cases')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('target_account_id', id, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('status_id', id)
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('scores', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('severity', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('assigned_account_id', id)
    .addColumn('resolved_by_id', id)
    .addColumn('resolution', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .execute();
  await s.createIndex('moderation_cases_queue').on('moderation_cases').columns(['state', 'severity']).execute();
  await s.createIndex('moderation_cases_status').on('moderation_cases').columns(['status_id', 'state']).execute();
  await s.createIndex('moderation_cases_target').on('moderation_cases').columns(['target_account_id', 'state']).execute();

  await s
    .createTable('reports')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('target_account_id', id, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('status_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('rule_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('category', 'text', (c) => c.notNull().defaultTo('other'))
    .addColumn('forwarded', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('case_id', id)
    .addColumn('assigned_account_id', id)
    .addColumn('action_taken_by_id', id)
    .addColumn('action_taken_at', 'text')
    .addColumn('outcome', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('reports_case').on('reports').column('case_id').execute();
  await s.createIndex('reports_account').on('reports').columns(['account_id', 'id']).execute();
  await s.createIndex('reports_target').on('reports').columns(['target_account_id', 'id']).execute();

  await s
    .createTable('moderation_actions')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('target_account_id', id, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('status_id', id)
    .addColumn('moderator_id', id)
    .addColumn('case_id', id)
    .addColumn('report_id', id)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('rule', 'text')
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('strike', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('suspended_until', 'text')
    .addColumn('reversed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('moderation_actions_target').on('moderation_actions').columns(['target_account_id', 'id']).execute();

  await s
    .createTable('moderation_appeals')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('action_id', id, (c) => c.notNull().unique().references('moderation_actions.id').onDelete('cascade'))
    .addColumn('account_id', id, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('decided_by_id', id)
    .addColumn('decision_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .execute();
  await s.createIndex('moderation_appeals_state').on('moderation_appeals').columns(['state', 'id']).execute();

  await s
    .createTable('moderation_audit_log')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('actor_id', id)
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', id)
    .addColumn('rule', 'text')
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('moderation_audit_log_target').on('moderation_audit_log').columns(['target_type', 'target_id']).execute();

  // Append-only, enforced by the database itself, so no code path (or moderator with SQL) can rewrite history.
  if (dialect === 'pg') {
    await sql`CREATE FUNCTION moderation_audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'moderation_audit_log is append-only: % refused', TG_OP; END; $$`.execute(db);
    await sql`CREATE TRIGGER moderation_audit_log_no_change BEFORE UPDATE OR DELETE ON moderation_audit_log
      FOR EACH ROW EXECUTE FUNCTION moderation_audit_log_refuse()`.execute(db);
    await sql`CREATE TRIGGER moderation_audit_log_no_truncate BEFORE TRUNCATE ON moderation_audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION moderation_audit_log_refuse()`.execute(db);
  } else {
    await sql`CREATE TRIGGER moderation_audit_log_no_update BEFORE UPDATE ON moderation_audit_log
      BEGIN SELECT RAISE(ABORT, 'moderation_audit_log is append-only: UPDATE refused'); END`.execute(db);
    await sql`CREATE TRIGGER moderation_audit_log_no_delete BEFORE DELETE ON moderation_audit_log
      BEGIN SELECT RAISE(ABORT, 'moderation_audit_log is append-only: DELETE refused'); END`.execute(db);
  }
}

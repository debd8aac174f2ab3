import type { Kysely } from 'kysely';

// What the classifier read in a screened post, for the moderator: the threat form on each screening (the language
// was already there), and the language and form on a screening case, so the queue shows them without a join.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('moderation_screenings').addColumn('form', 'text').execute();
  await db.schema.alterTable('moderation_cases').addColumn('language', 'text').execute();
  await db.schema.alterTable('moderation_cases').addColumn('form', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('moderation_cases').dropColumn('form').execute();
  await db.schema.alterTable('moderation_cases').dropColumn('language').execute();
  await db.schema.alterTable('moderation_screenings').dropColumn('form').execute();
}

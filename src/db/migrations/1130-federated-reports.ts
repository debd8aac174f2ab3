import type { Kysely } from 'kysely';

// Reports across servers (issue 16): a report that came as a Flag from another server keeps that server's domain
// (the moderation queue shows where it came from, the transparency report counts it) and the Flag's id (one Flag
// naming several accounts files one report for each, as Mastodon does).
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s.alterTable('reports').addColumn('origin_domain', 'text').execute();
  await s.alterTable('reports').addColumn('uri', 'text').execute();
  await s.createIndex('reports_uri').on('reports').column('uri').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('reports_uri').execute();
  await db.schema.alterTable('reports').dropColumn('uri').execute();
  await db.schema.alterTable('reports').dropColumn('origin_domain').execute();
}

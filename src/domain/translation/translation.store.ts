import type { Kysely, Selectable } from 'kysely';
import type { DB, StatusTranslationsTable } from '../../db/schema.js';

export type TranslationRow = Selectable<StatusTranslationsTable>;

export async function findTranslation(db: Kysely<DB>, statusId: string, language: string): Promise<TranslationRow | undefined> {
  return db.selectFrom('status_translations').selectAll().where('status_id', '=', statusId).where('language', '=', language).executeTakeFirst();
}

/** Stores a translation, replacing one of an older version of the post. */
export async function saveTranslation(db: Kysely<DB>, row: TranslationRow): Promise<void> {
  const { status_id: _s, language: _l, ...rest } = row;
  await db
    .insertInto('status_translations')
    .values(row)
    .onConflict((oc) => oc.columns(['status_id', 'language']).doUpdateSet(rest))
    .execute();
}

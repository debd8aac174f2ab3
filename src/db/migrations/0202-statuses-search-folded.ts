import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from './index.js';

/** Latin letters with diacritics and their bare letters, position by position (Latin-1 Supplement and Extended-A). */
export const ACCENTED =
  'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽž';
export const UNACCENTED =
  'AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZz';

// Accent-insensitive full text on PostgreSQL too, without the unaccent extension (not always installable):
// translate() is immutable, so it can feed a generated column. SQLite's FTS5 already removes diacritics.
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  if (dialect !== 'pg') return;
  await sql`ALTER TABLE statuses ADD COLUMN search_folded tsvector GENERATED ALWAYS AS (to_tsvector('simple', translate(coalesce(text, ''), ${sql.lit(ACCENTED)}, ${sql.lit(UNACCENTED)}))) STORED`.execute(
    db,
  );
  await sql`CREATE INDEX statuses_search_folded ON statuses USING gin (search_folded)`.execute(db);
  // The unfolded index is no longer read; statuses.search_vector stays for compatibility.
  await sql`DROP INDEX IF EXISTS statuses_search`.execute(db);
}

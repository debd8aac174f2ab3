import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import { isId } from '../../db/ids.js';
import type { CustomEmojisTable, DB } from '../../db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;

export type CustomEmojiRow = Selectable<CustomEmojisTable>;

export async function insertCustomEmoji(db: Db, row: Insertable<CustomEmojisTable>): Promise<void> {
  await db.insertInto('custom_emojis').values(row).execute();
}

export async function listCustomEmojis(db: Db): Promise<CustomEmojiRow[]> {
  return db.selectFrom('custom_emojis').selectAll().orderBy('shortcode').execute();
}

/** The emojis among `shortcodes` that exist (one statement, whatever their number). */
export async function customEmojisByShortcode(db: Db, shortcodes: string[]): Promise<CustomEmojiRow[]> {
  if (shortcodes.length === 0) return [];
  return db.selectFrom('custom_emojis').selectAll().where('shortcode', 'in', shortcodes).execute();
}

/** By shortcode, or by id when `key` is an id (a 64-bit number) and no emoji has it as shortcode. */
export async function findCustomEmoji(db: Db, key: string): Promise<CustomEmojiRow | undefined> {
  const byCode = await db.selectFrom('custom_emojis').selectAll().where('shortcode', '=', key).executeTakeFirst();
  if (byCode || !isId(key)) return byCode;
  return db.selectFrom('custom_emojis').selectAll().where('id', '=', key).executeTakeFirst();
}

export async function deleteCustomEmoji(db: Db, id: string): Promise<boolean> {
  const r = await db.deleteFrom('custom_emojis').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

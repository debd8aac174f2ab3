import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AccountRow } from '../accounts/accounts.store.js';
import { type CustomEmojiRow, customEmojisByShortcode } from './custom-emojis.store.js';
import { shortcodesIn } from './shortcodes.js';

/** Custom emojis by shortcode, as entities look them up (src/api/entities/custom-emoji.ts `emojisOf`). */
export type EmojiMap = Map<string, CustomEmojiRow>;

/**
 * The custom emojis that some texts name (`:shortcode:`), in one statement whatever their number, and none at all
 * when no text has a shortcode (the usual case).
 */
export async function emojisNamedIn(db: Kysely<DB> | Transaction<DB>, texts: Iterable<string | null | undefined>): Promise<EmojiMap> {
  const rows = await customEmojisByShortcode(db, shortcodesIn(texts));
  return new Map(rows.map((e) => [e.shortcode, e]));
}

/** What an Account entity's `emojis` come from: the display name and the bio (Mastodon's Account#emojis). */
export function accountTexts(rows: Iterable<AccountRow>): string[] {
  return [...rows].flatMap((a) => [a.display_name, a.note]);
}

/** The custom emojis named in these accounts' display names and bios (one statement at most). */
export async function emojisOfAccounts(db: Kysely<DB> | Transaction<DB>, rows: Iterable<AccountRow>): Promise<EmojiMap> {
  return emojisNamedIn(db, accountTexts(rows));
}

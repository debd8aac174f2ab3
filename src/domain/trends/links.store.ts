import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { PreviewCardRow } from '../cards/cards.store.js';

// Shared by the ranking and the history: public, published posts by accounts neither limited nor suspended, the
// same posts trending hashtags count (tags.store.ts).
function sharedLinks(db: Kysely<DB>, since: string) {
  return db
    .selectFrom('status_cards as sc')
    .innerJoin('statuses as s', 's.id', 'sc.status_id')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .where('s.created_at', '>=', since)
    .where('s.visibility', '=', 'public')
    .where('s.state', '=', 'published')
    .where('s.reblog_of_id', 'is', null)
    .where('s.limited', '=', 0)
    .where('a.limited_at', 'is', null)
    .where('a.suspended_at', 'is', null);
}

/**
 * Trending links: preview cards of the window's public posts, ranked as hashtags are (distinct accounts sharing
 * them), then by posts; only cards that were fetched and have a title.
 */
export async function trendingCards(db: Kysely<DB>, since: string, limit: number, offset: number): Promise<PreviewCardRow[]> {
  const ranked = await sharedLinks(db, since)
    .innerJoin('preview_cards as c', 'c.id', 'sc.card_id')
    .select(['sc.card_id', sql<number>`count(distinct s.account_id)`.as('accounts'), sql<number>`count(*)`.as('uses')])
    .where('c.error', 'is', null)
    .where('c.title', '!=', '')
    .groupBy('sc.card_id')
    .orderBy(sql`count(distinct s.account_id)`, 'desc')
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('sc.card_id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  if (ranked.length === 0) return [];
  const cards = await db
    .selectFrom('preview_cards')
    .selectAll()
    .where(
      'id',
      'in',
      ranked.map((r) => r.card_id),
    )
    .execute();
  const byId = new Map(cards.map((c) => [c.id, c]));
  return ranked.flatMap((r) => byId.get(r.card_id) ?? []);
}

/** Daily uses of cards over the window: one row per card and UTC day, posts and the distinct accounts behind them. */
export async function cardDailyUses(db: Kysely<DB>, cardIds: string[], since: string) {
  if (cardIds.length === 0) return [];
  const day = sql<string>`substr(s.created_at, 1, 10)`;
  return sharedLinks(db, since)
    .select(['sc.card_id', day.as('day'), sql<number>`count(*)`.as('uses'), sql<number>`count(distinct s.account_id)`.as('accounts')])
    .where('sc.card_id', 'in', cardIds)
    .groupBy(['sc.card_id', day])
    .execute();
}

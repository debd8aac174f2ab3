import type { Infra } from '../../infra/infra.js';
import type { PreviewCardRow } from '../cards/cards.store.js';
import { cardDailyUses, trendingCards } from './links.store.js';

const DAY = 86_400_000;

export interface TrendingLink {
  card: PreviewCardRow;
  /** Mastodon's history: the last seven UTC days, newest first, counts as strings. */
  history: Array<{ day: string; uses: string; accounts: string }>;
}

/** Links shared in public posts of the last day, most shared first, with their week's history. */
export async function trendingLinks(ctx: Pick<Infra, 'readDb'>, limit: number, offset: number): Promise<TrendingLink[]> {
  // Reads that tolerate lag go to the replica when there is one, as trending tags and posts do.
  const cards = await trendingCards(ctx.readDb, new Date(Date.now() - DAY).toISOString(), limit, offset);
  const today = new Date(new Date().toISOString().slice(0, 10)).getTime();
  const uses = await cardDailyUses(
    ctx.readDb,
    cards.map((c) => c.id),
    new Date(today - 6 * DAY).toISOString(),
  );
  const byKey = new Map(uses.map((u) => [`${u.card_id}:${u.day}`, u]));
  return cards.map((card) => ({
    card,
    history: Array.from({ length: 7 }, (_, i) => {
      const d = today - i * DAY;
      const u = byKey.get(`${card.id}:${new Date(d).toISOString().slice(0, 10)}`);
      return { day: String(d / 1000), uses: String(u?.uses ?? 0), accounts: String(u?.accounts ?? 0) };
    }),
  }));
}

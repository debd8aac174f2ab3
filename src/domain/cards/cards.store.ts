import type { Kysely, Transaction } from 'kysely';
import type { DB, PreviewCardsTable } from '../../db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;
export type PreviewCardRow = PreviewCardsTable;

export async function findCardByUrl(db: Db, url: string): Promise<PreviewCardRow | undefined> {
  return db.selectFrom('preview_cards').selectAll().where('url', '=', url).executeTakeFirst();
}

/** Stores the outcome of a fetch for its URL (a card or an error), keeping the row's id: returns it. */
export async function saveCard(db: Db, row: PreviewCardRow): Promise<string> {
  const { id: _id, url: _url, ...fields } = row;
  const saved = await db
    .insertInto('preview_cards')
    .values(row)
    .onConflict((oc) => oc.column('url').doUpdateSet(fields))
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(saved.id);
}

/** Shows the card on the post; false when it already did. */
export async function linkCard(db: Db, statusId: string, cardId: string): Promise<boolean> {
  const current = await db.selectFrom('status_cards').select('card_id').where('status_id', '=', statusId).executeTakeFirst();
  if (current && String(current.card_id) === cardId) return false;
  await db
    .insertInto('status_cards')
    .values({ status_id: statusId, card_id: cardId })
    .onConflict((oc) => oc.column('status_id').doUpdateSet({ card_id: cardId }))
    .execute();
  return true;
}

/** Takes the card off the post; false when it had none. */
export async function unlinkCard(db: Db, statusId: string): Promise<boolean> {
  const r = await db.deleteFrom('status_cards').where('status_id', '=', statusId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The cards shown on these posts (one query per 500 posts), by post id. */
export async function cardsOfStatuses(db: Db, statusIds: string[]): Promise<Map<string, PreviewCardRow>> {
  const out = new Map<string, PreviewCardRow>();
  const unique = [...new Set(statusIds)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('status_cards')
      .innerJoin('preview_cards', 'preview_cards.id', 'status_cards.card_id')
      .selectAll('preview_cards')
      .select('status_cards.status_id')
      .where('status_cards.status_id', 'in', unique.slice(i, i + 500))
      .where('preview_cards.error', 'is', null)
      .execute();
    for (const { status_id, ...card } of rows) out.set(String(status_id), { ...card, id: String(card.id) });
  }
  return out;
}

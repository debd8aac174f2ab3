import { fetchPage, type Page } from '../../db/pagination.js';
import type { Infra } from '../../infra/infra.js';
import { favouritedByQuery, rebloggedByQuery } from './interactions.store.js';
import { getVisibleStatus } from './status-access.js';
import { quotesQuery } from './statuses.store.js';

// Who did what with a post the viewer may see: favourited it, echoed it, quoted it. Pages newest first, keyed on
// the favourite's, echo's or quote's id.

/** Accounts who favourited or echoed the post (an echo stands for what it echoes): `page_id` and `account_id`. */
export async function postAudience(ctx: Pick<Infra, 'db'>, viewerId: string | null, id: string, what: 'favourited_by' | 'reblogged_by', page: Page) {
  const row = await getVisibleStatus(ctx, viewerId, id);
  const target = row.reblog_of_id ?? row.id;
  return what === 'favourited_by'
    ? fetchPage(favouritedByQuery(ctx.db, target), 'favourites.id', page)
    : fetchPage(rebloggedByQuery(ctx.db, target), 'statuses.id', page);
}

/** The ids of the posts quoting the post, newest first. */
export async function quotesOf(ctx: Pick<Infra, 'db'>, viewerId: string | null, id: string, page: Page): Promise<string[]> {
  const row = await getVisibleStatus(ctx, viewerId, id);
  return (await fetchPage(quotesQuery(ctx.db, row.id), 'statuses.id', page)).map((r) => r.page_id);
}

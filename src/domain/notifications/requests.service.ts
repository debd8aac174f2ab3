import type { Page } from '../../db/pagination.js';
import { NotFoundError } from '../../errors.js';
import type { Infra } from '../../infra/infra.js';
import { nowIso } from '../time.js';
import { acceptRequests, countPending, dismissRequests, findRequests, listRequests, type RequestRow } from './requests.store.js';

// Mastodon 4.3's notification requests (https://docs.joinmastodon.org/methods/notifications/#requests): one per
// sender whose notifications the reader's policy filtered. Every function takes the reader's own account id.

export async function listNotificationRequests(ctx: Pick<Infra, 'db'>, accountId: string, page: Page): Promise<RequestRow[]> {
  return listRequests(ctx.db, accountId, page);
}

export async function getNotificationRequest(ctx: Pick<Infra, 'db'>, accountId: string, id: string): Promise<RequestRow> {
  const [row] = await findRequests(ctx.db, accountId, [id]);
  if (!row) throw new NotFoundError();
  return row;
}

/** Accepts or dismisses the reader's requests among `ids` (others' and unknown ids are ignored, as Mastodon does in bulk). */
export async function decideNotificationRequests(ctx: Pick<Infra, 'db'>, accountId: string, ids: string[], decision: 'accept' | 'dismiss'): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const rows = await findRequests(trx, accountId, ids);
    const senders = rows.map((r) => r.from_account_id);
    if (decision === 'accept') await acceptRequests(trx, accountId, senders, nowIso());
    else await dismissRequests(trx, accountId, senders);
    return rows.length;
  });
}

export async function decideNotificationRequest(ctx: Pick<Infra, 'db'>, accountId: string, id: string, decision: 'accept' | 'dismiss'): Promise<void> {
  if ((await decideNotificationRequests(ctx, accountId, [id], decision)) === 0) throw new NotFoundError();
}

/** The policy's `summary`: requests waiting and the notifications filed under them. */
export async function pendingRequestsSummary(ctx: Pick<Infra, 'db'>, accountId: string) {
  const p = await countPending(ctx.db, accountId);
  return { pending_requests_count: p.requests, pending_notifications_count: p.notifications };
}

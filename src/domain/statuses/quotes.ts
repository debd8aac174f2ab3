import { inTransaction } from '../../db/transaction.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import { changed } from '../../infra/versions.js';
import type { StatusesDeps } from './deps.js';
import { getOwnStatus } from './status-access.js';
import { bumpCounter, findStatus, isFollowing, type StatusRow, updateStatusFields } from './statuses.store.js';

export async function assertQuotable(ctx: StatusesDeps, accountId: string, quoted: StatusRow): Promise<void> {
  if (quoted.account_id === accountId) {
    if (quoted.visibility === 'direct') throw new ValidationError('Validation failed: quoted_status_id cannot be quoted', 'quoted_status_id');
    return;
  }
  const policy = quoted.visibility === 'private' || quoted.visibility === 'direct' ? 'nobody' : quoted.quote_policy;
  if (policy === 'public') return;
  if (policy === 'followers' && (await isFollowing(ctx.db, accountId, quoted.account_id))) return;
  throw new ForbiddenError('The author does not allow this post to be quoted');
}

/**
 * Mastodon 4.5: the quoted author detaches someone's quote from their post. The quoting post stays, its
 * quote shown as revoked; the quoted post's quotes_count goes down.
 */
export async function revokeQuote(ctx: StatusesDeps, accountId: string, quotedId: string, quotingId: string): Promise<StatusRow> {
  const quoted = await getOwnStatus(ctx, accountId, quotedId);
  const quoting = await findStatus(ctx.db, quotingId);
  if (!quoting || quoting.quote_of_id !== quoted.id) throw new NotFoundError();
  if (quoting.quote_state === 'revoked') return quoting;
  await inTransaction(ctx.db, async (trx) => {
    await updateStatusFields(trx, quoting.id, { quote_state: 'revoked' });
    if (quoting.state === 'published') await bumpCounter(trx, quoted.id, 'quotes_count', -1);
  });
  await changed(ctx, { statuses: [quoting.id, quoted.id] });
  return (await findStatus(ctx.db, quoting.id))!;
}

/** Mastodon 4.5's interaction policy: who may quote the post from now on (earlier quotes stay). */
export async function setQuotePolicy(ctx: StatusesDeps, accountId: string, id: string, policy: 'public' | 'followers' | 'nobody'): Promise<StatusRow> {
  const row = await getOwnStatus(ctx, accountId, id);
  if (row.reblog_of_id) throw new ValidationError('Validation failed: an echo has no quote policy', 'id');
  const effective = row.visibility === 'private' || row.visibility === 'direct' ? 'nobody' : policy;
  await updateStatusFields(ctx.db, row.id, { quote_policy: effective });
  await changed(ctx, { statuses: [row.id] });
  return (await findStatus(ctx.db, row.id))!;
}

import { inTransaction } from '../../db/transaction.js';
import type { Infra } from '../../infra/infra.js';
import type { ChangeDeps } from '../../infra/versions.js';
import { changed } from '../../infra/versions.js';
import { nowIso } from '../time.js';
import { findPollOfStatus, insertVotes } from './polls.store.js';
import { choicesOf, countVote } from './remote-polls.store.js';

/**
 * A remote account's vote in a local poll, one choice at a time as Mastodon sends them (a Note named for the
 * option, https://docs.joinmastodon.org/spec/activitypub/#Question): counted once per choice, a single-choice
 * poll only once per voter, never after the poll ends. True when it was counted.
 */
export async function recordRemoteVote(ctx: Pick<Infra, 'db' | 'ids'> & ChangeDeps, voterId: string, statusId: string, title: string): Promise<boolean> {
  const poll = await findPollOfStatus(ctx.db, statusId);
  if (!poll || poll.account_id === voterId) return false;
  const choice = poll.options.findIndex((o) => o.title === title);
  if (choice < 0) return false;
  const now = nowIso();
  const counted = await inTransaction(ctx.db, async (trx) => {
    const before = await choicesOf(trx, poll.id, voterId);
    if (before.includes(choice) || (before.length > 0 && !poll.multiple)) return false;
    if (!(await countVote(trx, poll.id, before.length === 0, now))) return false;
    await insertVotes(trx, [{ id: ctx.ids.next(), poll_id: poll.id, account_id: voterId, choice, created_at: now }]);
    return true;
  });
  if (counted) await changed(ctx, { statuses: [statusId] });
  return counted;
}

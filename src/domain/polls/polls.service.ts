import { inTransaction } from '../../db/transaction.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { Infra } from '../../infra/infra.js';
import type { ChangeDeps } from '../../infra/versions.js';
import { changed } from '../../infra/versions.js';
import type { NotifyDeps } from '../notifications/notify.js';
import { createNotification } from '../notifications/notify.js';
import { getActionable, getVisibleStatus } from '../statuses/statuses.service.js';
import type { StatusRow } from '../statuses/statuses.store.js';
import { nowIso } from '../time.js';
import { claimVoter, duePolls, findPoll, findPollOfStatus, hasVoted, insertVotes, markNotified, type PollRow, votersOf } from './polls.store.js';
import type { RemotePolls } from './remote-polls.js';

/** `federation`, when there is one, takes local votes in remote polls to their servers. */
export type PollsDeps = Pick<Infra, 'db' | 'ids'> & ChangeDeps & NotifyDeps & { federation?: RemotePolls };

/** A poll and its post, or 404 when the viewer may not see the post. */
export async function getVisiblePoll(ctx: PollsDeps, viewerId: string | null, pollId: string): Promise<{ poll: PollRow; status: StatusRow }> {
  const poll = await findPoll(ctx.db, pollId);
  if (!poll) throw new NotFoundError();
  const status = await getVisibleStatus(ctx, viewerId, poll.status_id);
  return { poll, status };
}

/** Votes in a poll: once, before it ends, never in one's own (as Mastodon). */
export async function votePoll(ctx: PollsDeps, accountId: string, pollId: string, choices: number[]): Promise<StatusRow> {
  const poll = await findPoll(ctx.db, pollId);
  if (!poll) throw new NotFoundError();
  const status = await getActionable(ctx, accountId, poll.status_id).catch((err) => {
    if (err instanceof ValidationError) throw new NotFoundError();
    throw err;
  });
  if (poll.account_id === accountId) throw new ValidationError('Validation failed: you cannot vote in your own poll', 'choices');
  const now = nowIso();
  if (poll.expires_at <= now) throw new ValidationError('Validation failed: the poll has already ended', 'choices');
  const unique = [...new Set(choices)];
  if (unique.length !== choices.length) throw new ValidationError('Validation failed: choices repeats an option', 'choices');
  if (unique.length === 0) throw new ValidationError("Validation failed: choices can't be blank", 'choices');
  if (!poll.multiple && unique.length > 1) throw new ValidationError('Validation failed: choices: this poll accepts a single choice', 'choices');
  const { options } = (await findPollOfStatus(ctx.db, poll.status_id))!;
  if (unique.some((c) => !Number.isInteger(c) || c < 0 || c >= options.length))
    throw new ValidationError('Validation failed: choices: the chosen option does not exist', 'choices');
  await inTransaction(ctx.db, async (trx) => {
    if (!(await claimVoter(trx, poll.id, unique.length, now))) throw new ValidationError('Validation failed: the poll has already ended', 'choices');
    if (await hasVoted(trx, poll.id, accountId)) throw new ValidationError('Validation failed: you have already voted on this poll', 'choices');
    await insertVotes(
      trx,
      unique.map((choice) => ({ id: ctx.ids.next(), poll_id: poll.id, account_id: accountId, choice, created_at: now })),
    );
  });
  await changed(ctx, { statuses: [status.id], homes: [accountId] });
  // A remote post's poll: the vote goes to its author's server too, one Note per choice.
  if (status.uri && ctx.federation)
    await ctx.federation.deliverVotes(
      accountId,
      status.id,
      unique.map((c) => options[c]!.title),
    );
  return status;
}

/**
 * Sends the `poll` notifications of every poll that has ended (to its voters and its author), then marks it.
 * Run periodically in every process; two sweeps at once cannot notify twice (the notifications_poll_once index).
 * Returns how many polls it closed.
 */
export async function notifyEndedPolls(ctx: PollsDeps, now = nowIso()): Promise<number> {
  let closed = 0;
  for (;;) {
    const due = await duePolls(ctx.db, now, 100);
    for (const poll of due) {
      for (const voter of await votersOf(ctx.db, poll.id))
        await createNotification(ctx, { type: 'poll', accountId: voter, fromAccountId: poll.account_id, statusId: poll.status_id });
      await createNotification(ctx, { type: 'poll', accountId: poll.account_id, fromAccountId: poll.account_id, statusId: poll.status_id });
      await markNotified(ctx.db, poll.id, nowIso());
      // Cached pages showed it open.
      await changed(ctx, { statuses: [poll.status_id] });
      closed++;
    }
    if (due.length < 100) return closed;
  }
}

/** Starts the sweep that closes ended polls. */
export function registerPolls(ctx: PollsDeps & Pick<Infra, 'logger' | 'onClose'>): void {
  const timer = setInterval(() => {
    notifyEndedPolls(ctx).catch((err) => ctx.logger.error({ err }, 'notifying ended polls failed'));
  }, 30_000);
  timer.unref();
  ctx.onClose.push(async () => clearInterval(timer));
}

import { type Create, type InboxContext, isActor, Note } from '@fedify/fedify';
import { findAccountById } from '../domain/accounts/accounts.store.js';
import { findAccountByUri } from '../domain/accounts/remote-accounts.store.js';
import { findPollOfStatus } from '../domain/polls/polls.store.js';
import { recordRemoteVote } from '../domain/polls/remote-votes.js';
import { findStatus } from '../domain/statuses/statuses.store.js';
import type { FederationDeps } from './deps.js';
import { localActor } from './dispatchers.js';
import { storeRemoteActor } from './remote-actors.js';
import { federates } from './vocab.js';

// Votes from other servers in local polls (Mastodon's shape: https://docs.joinmastodon.org/spec/activitypub/#Question).

/**
 * An incoming Note that is a vote (a name, no content, in reply to a local post with a poll): counted, and true so
 * the caller takes it for nothing else. False for anything else.
 */
export async function takeRemoteVote(ctx: InboxContext<FederationDeps>, create: Create, note: Note): Promise<boolean> {
  if (!note.name || note.content || !note.replyTargetId || !create.actorId) return false;
  const parsed = ctx.parseUri(note.replyTargetId);
  if (parsed?.type !== 'object' || parsed.class !== Note) return false;
  const { identifier, id } = parsed.values;
  if (!identifier || !id || !/^[0-9]{1,19}$/.test(id)) return false;
  const [author, s] = await Promise.all([localActor(ctx.data, identifier), findStatus(ctx.data.db, id)]);
  if (!author || !s || s.account_id !== author.id || !federates(s) || !(await findPollOfStatus(ctx.data.db, s.id))) return false;
  let voter = await findAccountByUri(ctx.data.db, create.actorId.href);
  if (!voter) {
    const actor = await create.getActor(ctx);
    const stored = actor && isActor(actor) && actor.id?.href === create.actorId.href ? await storeRemoteActor(ctx, actor) : null;
    voter = stored ? await findAccountById(ctx.data.db, stored) : undefined;
  }
  if (voter && !voter.suspended_at) await recordRemoteVote(ctx.data, voter.id, s.id, String(note.name));
  return true;
}

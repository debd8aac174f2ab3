import { type Create, type Delete, type InboxContext, isActor, Note, Question, type Update } from '@fedify/fedify';
import { findAccountById } from '../domain/accounts/accounts.store.js';
import { findAccountByUri } from '../domain/accounts/remote-accounts.store.js';
import { endFollowsOfGoneAccount } from '../domain/relationships/account-gone.js';
import { purge } from '../domain/statuses/deleting.js';
import { updateRemoteStatus } from '../domain/statuses/remote-editing.js';
import { findStatus, findStatusByUri } from '../domain/statuses/statuses.store.js';
import { postIdsOf } from './audience.store.js';
import type { FederationDeps } from './deps.js';
import { takeRemoteVote } from './poll-votes.js';
import { storeRemoteActor } from './remote-actors.js';
import { accountOfActor, readNote, takeInNote } from './remote-notes.js';

// Incoming posts, their edits, profile updates and deleted accounts. Fedify has verified the HTTP signature of the
// activity's actor before these run; each checks that the actor speaks for what it changes.

/** The Note (or Question, a poll) an activity carries, when its id and author are the activity's actor's (a server speaks for its own). */
async function ownNote(ctx: InboxContext<FederationDeps>, activity: Create | Update): Promise<Note | Question | null> {
  if (!activity.actorId) return null;
  const object = await activity.getObject(ctx).catch(() => null);
  if (!(object instanceof Note || object instanceof Question) || !object.id || object.attributionId?.href !== activity.actorId.href) return null;
  return object.id.origin === activity.actorId.origin ? object : null;
}

/** Create(Note): a post of a followed account, a reply to a local post, or one that mentions or addresses local accounts. */
export async function onCreateNote(ctx: InboxContext<FederationDeps>, create: Create): Promise<void> {
  const note = await ownNote(ctx, create);
  if (!note) return;
  // A vote on a local poll is a Note with a name and no content, answering the poll's post (poll-votes.ts).
  if (note instanceof Note && (await takeRemoteVote(ctx, create, note))) return;
  const author = await accountOfActor(ctx, create.actorId!);
  if (!author) return;
  await takeInNote(ctx, note, author, { requested: false, activity: create });
}

/** Update(Note) replaces a stored remote post's content (screened again); Update(Person) refreshes a stored account. */
export async function onUpdate(ctx: InboxContext<FederationDeps>, update: Update): Promise<void> {
  if (!update.actorId) return;
  if (update.objectId?.href === update.actorId.href) {
    const actor = await update.getObject(ctx).catch(() => null);
    if (!isActor(actor) || actor.id?.href !== update.actorId.href) return;
    if (await findAccountByUri(ctx.data.db, actor.id.href)) await storeRemoteActor(ctx, actor);
    return;
  }
  const note = await ownNote(ctx, update);
  if (!note) return;
  const s = await findStatusByUri(ctx.data.db, note.id!.href);
  if (!s || s.reblog_of_id) return;
  const author = await findAccountById(ctx.data.db, s.account_id);
  if (!author || author.uri !== update.actorId.href) return;
  const { input } = await readNote(ctx, note, author);
  const editedAt = note.updated ? new Date(note.updated.epochMilliseconds).toISOString() : new Date().toISOString();
  // An Update carrying a version older than the one stored (redelivered out of order) changes nothing.
  if (s.edited_at && editedAt <= s.edited_at) return;
  await updateRemoteStatus(ctx.data, s, {
    html: input.html,
    spoilerText: input.spoilerText,
    sensitive: input.sensitive,
    language: input.language,
    mentionIds: input.mentionIds ?? [],
    tags: input.tags ?? [],
    editedAt,
  });
}

/**
 * Delete of an actor by itself (the account was deleted on its server): its posts here are removed as deletes
 * are, and every follow it was in ends. The account row stays (its id is named elsewhere), emptied of relations.
 */
export async function onDeleteActor(ctx: InboxContext<FederationDeps>, del: Delete): Promise<boolean> {
  if (!del.actorId || del.objectId?.href !== del.actorId.href) return false;
  const account = await findAccountByUri(ctx.data.db, del.actorId.href);
  if (!account || account.domain === null) return true;
  // Follows first: nothing more of it reaches a home while its posts are removed.
  await endFollowsOfGoneAccount(ctx.data, account.id);
  for (const id of await postIdsOf(ctx.data.db, account.id)) {
    const row = await findStatus(ctx.data.db, id);
    if (row) await purge(ctx.data, row);
  }
  ctx.data.logger.info({ account: account.id, uri: account.uri }, 'remote account deleted on its server: posts and follows removed');
  return true;
}

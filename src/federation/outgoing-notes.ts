import { type Context, Delete, PUBLIC_COLLECTION, type Recipient, Tombstone, Update } from '@fedify/fedify';
import { findAccountById } from '../domain/accounts/accounts.store.js';
import { remoteFollowerInboxes } from '../domain/accounts/remote-accounts.store.js';
import { findStatus, type StatusRow } from '../domain/statuses/statuses.store.js';
import { localPerson } from './actor-profile.js';
import type { FederationDeps } from './deps.js';
import { audienceOf, createFor, sendsOut } from './notes.js';
import { recipientOfInbox, recipientsOfInboxes } from './recipients.js';
import { richNote } from './rich-notes.js';

// Local posts, their edits and deletions, and local profiles, sent to the servers they concern.

type Sent = Array<{ id: string; inbox: string | null; sharedInbox: string | null }>;
/** Where the record of a local post's recipients is kept, so its edits and deletion reach every one of them. */
const sentKey = (statusId: string): [string, ...string[]] => ['tribune', 'sent', statusId];

/** The recipients now, with those the post went to before (the record kept), and the record updated. */
async function withEarlier(ctx: Context<FederationDeps>, statusId: string, now: Recipient[], keep: boolean): Promise<Recipient[]> {
  const kv = ctx.data.federationKv;
  const earlier = (await kv.get<Sent>(sentKey(statusId))) ?? [];
  const all = new Map<string, Recipient>(now.map((r) => [r.id!.href, r]));
  for (const r of earlier) if (!all.has(r.id)) all.set(r.id, recipientOfInbox({ uri: r.id, inbox: r.inbox, sharedInbox: r.sharedInbox }));
  const out = [...all.values()];
  // Posts that reach no other server (most, on a small community) leave no record.
  if (keep && out.length > earlier.length)
    await kv.set(
      sentKey(statusId),
      out.map((r) => ({ id: r.id!.href, inbox: r.inboxId?.href ?? null, sharedInbox: r.endpoints?.sharedInbox?.href ?? null })),
    );
  else if (!keep && earlier.length > 0) await kv.delete(sentKey(statusId));
  return out;
}

async function localAuthor(ctx: Context<FederationDeps>, s: StatusRow) {
  const author = await findAccountById(ctx.data.db, s.account_id);
  return author && author.domain === null ? author : undefined;
}

/** A published local post as Create(Note), to its followers, the accounts it mentions and the author it answers. */
export async function deliverNote(ctx: Context<FederationDeps>, statusId: string): Promise<void> {
  const s = await findStatus(ctx.data.db, statusId);
  if (!s || !sendsOut(s)) return;
  const author = await localAuthor(ctx, s);
  if (!author) return;
  const recipients = await withEarlier(ctx, s.id, await audienceOf(ctx, author, s), true);
  if (recipients.length === 0) return;
  await ctx.sendActivity({ identifier: author.username }, recipients, createFor(await richNote(ctx, author, s)), { preferSharedInbox: true });
}

/** An edited local post as Update(Note), to whom the post went (its audience as it is now). */
export async function deliverNoteUpdate(ctx: Context<FederationDeps>, statusId: string): Promise<void> {
  const s = await findStatus(ctx.data.db, statusId);
  if (!s || !sendsOut(s) || !s.edited_at) return;
  const author = await localAuthor(ctx, s);
  if (!author) return;
  const recipients = await withEarlier(ctx, s.id, await audienceOf(ctx, author, s), true);
  if (recipients.length === 0) return;
  const note = await richNote(ctx, author, s);
  const update = new Update({
    id: new URL(`${note.id!.href}#updates/${Date.parse(s.edited_at)}`),
    actor: note.attributionId,
    published: note.updated,
    tos: note.toIds,
    ccs: note.ccIds,
    object: note,
  });
  await ctx.sendActivity({ identifier: author.username }, recipients, update, { preferSharedInbox: true });
}

/**
 * A deleted local post as Delete(Tombstone), to every account it was sent to (the record kept when it went out),
 * its author's remote followers now (not for a direct post) and the replied-to remote author.
 */
export async function retractNote(ctx: Context<FederationDeps>, row: StatusRow): Promise<void> {
  if (row.reblog_of_id !== null || row.uri !== null || row.state !== 'published') return;
  const author = await localAuthor(ctx, row);
  if (!author) return;
  const recipients = await withEarlier(ctx, row.id, await audienceOf(ctx, author, row, []), false);
  if (recipients.length === 0) return;
  const actor = ctx.getActorUri(author.username);
  const noteId = new URL(`${actor.href}/statuses/${row.id}`);
  const activity = new Delete({
    id: new URL(`${noteId.href}#delete`),
    actor,
    object: new Tombstone({ id: noteId }),
    tos: [PUBLIC_COLLECTION],
    ccs: [ctx.getFollowersUri(author.username)],
  });
  await ctx.sendActivity({ identifier: author.username }, recipients, activity, { preferSharedInbox: true });
}

/** A local profile change as Update(Person) (the whole actor document, keys and all) to the remote followers. */
export async function deliverProfile(ctx: Context<FederationDeps>, accountId: string): Promise<void> {
  const account = await findAccountById(ctx.data.db, accountId);
  if (!account || account.domain !== null || account.suspended_at !== null) return;
  const inboxes = await remoteFollowerInboxes(ctx.data.db, account.id);
  if (inboxes.length === 0) return;
  const person = await localPerson(ctx, account);
  const actor = ctx.getActorUri(account.username);
  const update = new Update({
    id: new URL(`${actor.href}#updates/${Date.parse(account.updated_at)}`),
    actor,
    tos: [PUBLIC_COLLECTION],
    ccs: [ctx.getFollowersUri(account.username)],
    object: person,
  });
  await ctx.sendActivity({ identifier: account.username }, recipientsOfInboxes(inboxes), update, { preferSharedInbox: true });
}

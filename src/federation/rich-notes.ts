import type { Context, Create, Document, Note, Question } from '@fedify/fedify';
import type { AccountRow } from '../domain/accounts/accounts.store.js';
import { pollsOfStatuses } from '../domain/polls/polls.store.js';
import type { StatusRow } from '../domain/statuses/statuses.store.js';
import { documentsOf } from './attachments.js';
import type { FederationDeps } from './deps.js';
import { createFor, noteFor } from './notes.js';
import { questionOf } from './polls.js';
import { quotedUriOf } from './quotes.js';

// A local post as it federates whole: its Note (vocab.ts) with its attachments as Documents and the post it quotes,
// and as a Question when it has a poll. Loaded for a page of posts at once (two statements for media and polls).

async function richObjects(ctx: Context<FederationDeps>, author: AccountRow, rows: StatusRow[]): Promise<Array<Note | Question>> {
  const ids = rows.map((s) => s.id);
  const [docs, polls] = await Promise.all([documentsOf(ctx, ids), pollsOfStatuses(ctx.data.db, ids)]);
  const pollOf = new Map(polls.map((p) => [p.status_id, p]));
  return Promise.all(
    rows.map(async (s) => {
      const list: Document[] | undefined = docs.get(s.id);
      const quoteUrl = await quotedUriOf(ctx, s);
      const base = await noteFor(ctx, author, s);
      const note = list?.length || quoteUrl ? base.clone({ ...(list?.length ? { attachments: list } : {}), quoteUrl }) : base;
      const poll = pollOf.get(s.id);
      return poll ? questionOf(note, poll) : note;
    }),
  );
}

/** A local post's Note (or Question), with its attachments. */
export async function richNote(ctx: Context<FederationDeps>, author: AccountRow, s: StatusRow): Promise<Note | Question> {
  return (await richObjects(ctx, author, [s]))[0]!;
}

/** Local posts' Creates with their whole objects, in order (a page of the outbox). */
export async function richCreates(ctx: Context<FederationDeps>, author: AccountRow, rows: StatusRow[]): Promise<Create[]> {
  return (await richObjects(ctx, author, rows)).map(createFor);
}

import type { Context, Create, Document, Note, Question } from '@fedify/fedify';
import { pollsOfStatuses } from '../domain/polls/polls.store.js';
import type { StatusRow } from '../domain/statuses/statuses.store.js';
import { documentsOf } from './attachments.js';
import type { FederationDeps } from './deps.js';
import { questionOf } from './polls.js';
import { quotedUriOf } from './quotes.js';
import { createOf, noteOf } from './vocab.js';

// A local post as it federates whole: its Note (vocab.ts) with its attachments as Documents and the post it quotes,
// and as a Question when it has a poll. Loaded for a page of posts at once (two statements for media and polls).

async function richObjects(ctx: Context<FederationDeps>, username: string, rows: StatusRow[]): Promise<Array<Note | Question>> {
  const ids = rows.map((s) => s.id);
  const [docs, polls] = await Promise.all([documentsOf(ctx, ids), pollsOfStatuses(ctx.data.db, ids)]);
  const pollOf = new Map(polls.map((p) => [p.status_id, p]));
  return Promise.all(
    rows.map(async (s) => {
      const list: Document[] | undefined = docs.get(s.id);
      const quoteUrl = await quotedUriOf(ctx, s);
      const note =
        list?.length || quoteUrl ? noteOf(ctx, username, s).clone({ ...(list?.length ? { attachments: list } : {}), quoteUrl }) : noteOf(ctx, username, s);
      const poll = pollOf.get(s.id);
      return poll ? questionOf(note, poll) : note;
    }),
  );
}

/** A local post's Note (or Question), with its attachments. */
export async function richNote(ctx: Context<FederationDeps>, username: string, s: StatusRow): Promise<Note | Question> {
  return (await richObjects(ctx, username, [s]))[0]!;
}

/** Local posts' Creates with their whole objects, in order (a page of the outbox). */
export async function richCreates(ctx: Context<FederationDeps>, username: string, rows: StatusRow[]): Promise<Create[]> {
  const objects = await richObjects(ctx, username, rows);
  return rows.map((s, i) => createOf(ctx, username, s).clone({ object: objects[i]! }));
}

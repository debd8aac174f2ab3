import { type Context, Create, Note, Question } from '@fedify/fedify';
import { findAccountById } from '../domain/accounts/accounts.store.js';
import type { PollWithOptions } from '../domain/polls/polls.store.js';
import type { RemotePolls } from '../domain/polls/remote-polls.js';
import type { RemotePollInput } from '../domain/statuses/remote-posting.js';
import { findStatus } from '../domain/statuses/statuses.store.js';
import type { Infra } from '../infra/infra.js';
import type { FederationDeps } from './deps.js';

// Polls as Mastodon federates them (https://docs.joinmastodon.org/spec/activitypub/#Question): a post with a poll is a
// Question (oneOf for one choice, anyOf for several, each option a Note whose replies count its votes, endTime,
// votersCount); a vote is a Create(Note) named for the option, in reply to the Question, sent to its author.

const MAX_OPTIONS = 20;
const FAR_FUTURE = '9999-12-31T23:59:59.999Z';

/** A local post's Note as a Question carrying its poll (built through JSON, so every field of the Note stays). */
export async function questionOf(note: Note, poll: PollWithOptions, now = new Date().toISOString()): Promise<Question> {
  const json = (await note.toJsonLd({ format: 'compact' })) as Record<string, unknown>;
  const options = poll.options.map((o) => ({ type: 'Note', name: o.title, replies: { type: 'Collection', totalItems: o.votes_count } }));
  return Question.fromJsonLd({
    ...json,
    '@context': [json['@context'], { toot: 'http://joinmastodon.org/ns#', votersCount: 'toot:votersCount' }].flat(),
    type: 'Question',
    [poll.multiple ? 'anyOf' : 'oneOf']: options,
    endTime: poll.expires_at,
    ...(poll.expires_at <= now ? { closed: poll.expires_at } : {}),
    votersCount: poll.voters_count,
  });
}

/** A remote Question's poll as stored here, with the counts its server gave; null when it has no usable options. */
export async function remotePollOf(ctx: Pick<Context<FederationDeps>, 'documentLoader'>, q: Question): Promise<RemotePollInput | null> {
  const read = async (list: AsyncIterable<unknown>) => {
    const out: Array<{ title: string; votes: number }> = [];
    for await (const o of list) {
      if (out.length >= MAX_OPTIONS) break;
      if (!(o instanceof Note) || !o.name) continue;
      const replies = await o.getReplies({ documentLoader: ctx.documentLoader, suppressError: true }).catch(() => null);
      out.push({ title: String(o.name).slice(0, 200), votes: Math.max(0, Math.trunc(replies?.totalItems ?? 0)) });
    }
    return out;
  };
  const opts = { documentLoader: ctx.documentLoader, suppressError: true };
  const one = await read(q.getExclusiveOptions(opts));
  const any = one.length > 0 ? [] : await read(q.getInclusiveOptions(opts));
  const options = one.length > 0 ? one : any;
  if (options.length < 1) return null;
  const closed = q.closed instanceof Object && 'epochMilliseconds' in q.closed ? new Date(q.closed.epochMilliseconds).toISOString() : null;
  const end = q.endTime ? new Date(q.endTime.epochMilliseconds).toISOString() : (closed ?? FAR_FUTURE);
  return { options, multiple: one.length === 0, expiresAt: end, votersCount: Math.max(0, Math.trunc(q.voters ?? 0)) };
}

export function createPolls(infra: Pick<Infra, 'db' | 'logger'>, context: () => Context<FederationDeps>): RemotePolls {
  return {
    async deliverVotes(accountId, statusId, titles) {
      const [voter, s] = await Promise.all([findAccountById(infra.db, accountId), findStatus(infra.db, statusId)]);
      const author = s ? await findAccountById(infra.db, s.account_id) : undefined;
      if (!voter || voter.domain !== null || !s?.uri || !author?.uri || !author.inbox_url) return;
      const ctx = context();
      const actor = ctx.getActorUri(voter.username);
      const to = new URL(author.uri);
      const recipient = { id: to, inboxId: new URL(author.inbox_url), endpoints: null };
      for (const title of titles) {
        // One id per voter, poll and option: sent again, it is the same vote.
        const id = new URL(`#votes/${s.id}/${encodeURIComponent(title)}`, actor);
        const note = new Note({ id, attribution: actor, name: title, replyTarget: new URL(s.uri), to });
        await ctx.sendActivity({ identifier: voter.username }, recipient, new Create({ id: new URL(`${id.href}/activity`), actor, object: note, to }));
      }
    },
  };
}

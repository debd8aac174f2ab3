import sanitizeHtml from 'sanitize-html';
import type { Visibility } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { changed } from '../../infra/versions.js';
import { recordRefusal, recordScreening, type ScreeningInput, screenPost } from '../../moderation/screening.js';
import { insertRemotePoll, type RemotePollRow } from '../polls/remote-polls.store.js';
import { sanitizePostHtml } from '../text/render.js';
import { nowIso } from '../time.js';
import type { StatusesDeps } from './deps.js';
import { applyPublishedCounters } from './posting.js';
import { insertRemoteMedia, type RemoteMediaRow } from './remote-media.store.js';
import { replaceMentions, replaceStatusTags, upsertTags } from './status-content.store.js';
import { findStatusByUri, insertConversation, insertStatus, type StatusRow } from './statuses.store.js';

/** A post from another server, as its Note said (content is the remote HTML, sanitised here). */
export interface RemoteStatusInput {
  accountId: string;
  uri: string;
  url: string | null;
  html: string;
  spoilerText: string;
  sensitive: boolean;
  language: string | null;
  visibility: Visibility;
  createdAt: string;
  /** The post it answers, stored here (local or remote); the reply joins its conversation. */
  inReplyTo?: Pick<StatusRow, 'id' | 'account_id' | 'conversation_id'> | null;
  /** Accounts stored here that its Mention tags name (local ones are notified by the fan-out). */
  mentionIds?: string[];
  /** Its Hashtag tags, normalised, recorded as a local post's tags are. */
  tags?: Array<{ name: string; display: string }>;
  /** Its attachments, stored as their remote addresses (src/federation/attachments.ts reads them from the Note). */
  media?: RemoteMediaInput[];
  /** Its poll (a Question), with the counts its server gave. */
  poll?: RemotePollInput | null;
  /** The post it quotes (known here, and quotable by its author), if any. */
  quoteOfId?: string | null;
}

export type RemoteMediaInput = Omit<RemoteMediaRow, 'id'>;
export type RemotePollInput = RemotePollRow;

export type RemoteStatusOutcome = { outcome: 'published' | 'pending'; statusId: string } | { outcome: 'refused' | 'duplicate'; statusId: null };

/** The words a reader sees in remote HTML, for the classifier (paragraphs and line breaks kept as line breaks). */
export function textOfHtml(html: string): string {
  const spaced = html.replace(/<\/p>\s*<p>/gi, '\n\n').replace(/<br\s*\/?>/gi, '\n');
  return sanitizeHtml(spaced, { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .trim();
}

/**
 * Takes in a post from another server through the same screening as a local one, before anything is stored: a
 * refused post is not stored (its screening is counted), a held one waits for review as `pending` and reaches no
 * timeline, a published one is fanned out to its author's local followers like a local post.
 */
export async function storeRemoteStatus(ctx: StatusesDeps, input: RemoteStatusInput): Promise<RemoteStatusOutcome> {
  if (await findStatusByUri(ctx.db, input.uri)) return { outcome: 'duplicate', statusId: null };
  const text = textOfHtml(input.html);
  const media = input.media ?? [];
  const screening: ScreeningInput = {
    accountId: input.accountId,
    text,
    spoilerText: input.spoilerText,
    mediaDescriptions: media.flatMap((m) => (m.description ? [m.description] : [])),
    pollOptions: input.poll?.options.map((o) => o.title),
  };
  const verdict = await screenPost(ctx, screening);
  if (verdict.outcome === 'refused') {
    await recordRefusal(ctx, screening, verdict);
    ctx.logger.info({ uri: input.uri, accountId: input.accountId }, 'remote post refused by screening');
    return { outcome: 'refused', statusId: null };
  }
  const state = verdict.outcome === 'pending' ? 'pending' : 'published';
  const id = ctx.ids.next();
  const now = nowIso();
  const parent = input.inReplyTo ?? null;
  await inTransaction(ctx.db, async (trx) => {
    let conversationId = parent?.conversation_id ?? null;
    if (!conversationId) {
      conversationId = ctx.ids.next();
      await insertConversation(trx, conversationId, now);
    }
    await insertStatus(trx, {
      id,
      account_id: input.accountId,
      text,
      content: sanitizePostHtml(input.html),
      spoiler_text: input.spoilerText,
      visibility: input.visibility,
      sensitive: input.sensitive || input.spoilerText !== '' ? 1 : 0,
      language: input.language,
      in_reply_to_id: parent?.id ?? null,
      in_reply_to_account_id: parent?.account_id ?? null,
      reblog_of_id: null,
      quote_of_id: input.quoteOfId ?? null,
      conversation_id: conversationId,
      application_id: null,
      state,
      // The id orders timelines: it is the time the post arrived here; created_at keeps the author's.
      created_at: input.createdAt,
      uri: input.uri,
      url: input.url,
    });
    await replaceMentions(trx, id, [...new Set(input.mentionIds ?? [])]);
    const tagIds = await upsertTags(trx, input.tags ?? [], () => ctx.ids.next(), now);
    await replaceStatusTags(trx, id, input.accountId, [...tagIds.values()], input.createdAt);
    await insertRemoteMedia(
      trx,
      id,
      input.accountId,
      media.map((m) => ({ ...m, id: ctx.ids.next() })),
      now,
    );
    if (input.poll) await insertRemotePoll(trx, ctx.ids.next(), id, input.accountId, input.poll, now);
    if (state === 'published')
      await applyPublishedCounters(trx, {
        id,
        accountId: input.accountId,
        visibility: input.visibility,
        parentId: parent?.id ?? null,
        quoteOfId: input.quoteOfId ?? null,
        now,
      });
    await recordScreening(ctx.ids, trx, { statusId: id, accountId: input.accountId, edit: false, now }, verdict);
  });
  if (state === 'published') {
    await changed(ctx, { accounts: [input.accountId], statuses: [parent?.id] });
    ctx.jobs.enqueue('statuses.fanout', { statusId: id });
  }
  return { outcome: state, statusId: id };
}

import type { Visibility } from '../../db/schema.js';
import type { FilterMatch } from '../../domain/filters/match.js';
import type { LoadedStatuses } from '../../domain/statuses/status-loader.js';
import type { StatusParts } from '../../domain/statuses/status-parts.js';
import type { StatusRow } from '../../domain/statuses/statuses.store.js';
import { type AccountEntity, serializeAccount } from './account.js';
import { type CustomEmojiEntity, emojisOf } from './custom-emoji.js';
import type { EntityContext } from './entity-context.js';
import { type FilterResultEntity, serializeFilterResult } from './filter.js';
import { type MediaEntity, serializeMedia } from './media.js';
import { type PollEntity, serializePoll } from './poll.js';
import { type PreviewCardEntity, serializePreviewCard } from './preview-card.js';

// The web app reads MediaEntity from here (web/src/lib/entities.ts).
export type { MediaEntity } from './media.js';

/** Mastodon's Status entity (https://docs.joinmastodon.org/entities/Status/) plus Tribune's `tribune` extension. */
export interface StatusEntity {
  id: string;
  created_at: string;
  in_reply_to_id: string | null;
  in_reply_to_account_id: string | null;
  sensitive: boolean;
  spoiler_text: string;
  visibility: Visibility;
  language: string | null;
  uri: string;
  url: string | null;
  replies_count: number;
  reblogs_count: number;
  favourites_count: number;
  quotes_count: number;
  edited_at: string | null;
  content: string;
  reblog: StatusEntity | null;
  application: { name: string; website: string | null } | null;
  account: AccountEntity;
  media_attachments: MediaEntity[];
  mentions: Array<{ id: string; username: string; url: string; acct: string }>;
  tags: Array<{ name: string; url: string }>;
  emojis: CustomEmojiEntity[];
  card: PreviewCardEntity | null;
  poll: PollEntity | null;
  quote: QuoteEntity | ShallowQuoteEntity | null;
  quote_approval: { automatic: string[]; manual: string[]; current_user: 'automatic' | 'manual' | 'denied' | 'unknown' };
  favourited?: boolean;
  reblogged?: boolean;
  muted?: boolean;
  bookmarked?: boolean;
  pinned?: boolean;
  filtered?: FilterResultEntity[];
  /** Only in the answer to DELETE (for "delete & redraft"). */
  text?: string;
  /** Tribune extension: votes on replies, and the moderation state the author sees while a post is held. */
  tribune: { upvotes_count: number; downvotes_count: number; score: number; vote: 1 | -1 | 0; moderation_state?: string };
}

export type QuoteState = 'accepted' | 'deleted' | 'unauthorized' | 'revoked';
export interface QuoteEntity {
  state: QuoteState;
  quoted_status: StatusEntity | null;
}
export interface ShallowQuoteEntity {
  state: QuoteState;
  quoted_status_id: string | null;
}

export function statusUrl(ctx: EntityContext, username: string, id: string): string {
  return `${ctx.config.publicUrl}/@${username}/${id}`;
}

export function statusUri(ctx: EntityContext, username: string, id: string): string {
  return `${ctx.config.publicUrl}/users/${username}/statuses/${id}`;
}

function serializeParts(ctx: EntityContext, p: StatusParts) {
  const base = ctx.config.publicUrl;
  return {
    application: p.application,
    media_attachments: p.media.map((m) => serializeMedia(ctx, m)),
    mentions: p.mentions.map((m) => ({
      id: m.id,
      username: m.username,
      url: m.url ?? `${base}/@${m.username}`,
      acct: m.domain ? `${m.username}@${m.domain}` : m.username,
    })),
    tags: p.tags.map((name) => ({ name, url: `${base}/tags/${encodeURIComponent(name)}` })),
  };
}

/** The loaded page's posts to show, in order, as Status entities; a post whose author is gone is left out. */
export function serializeStatuses(ctx: EntityContext, loaded: LoadedStatuses): StatusEntity[] {
  const { viewerId, viewer } = loaded;
  const accounts = new Map<string, AccountEntity | null>();
  const accountOf = (id: string) => {
    if (!accounts.has(id)) {
      const row = loaded.authors.get(id);
      accounts.set(id, row ? serializeAccount(ctx, row, loaded.emojis) : null);
    }
    return accounts.get(id)!;
  };

  const build = (s: StatusRow, quoteDepth: number): StatusEntity | null => {
    const account = accountOf(s.account_id);
    if (!account) return null;
    const vote = viewer?.votes.get(s.id) ?? 0;
    const parts = serializeParts(ctx, loaded.parts.get(s.id)!);
    const poll = loaded.polls.get(s.id);
    const card = s.reblog_of_id ? undefined : loaded.cards.get(s.id);
    const policy = s.visibility === 'private' || s.visibility === 'direct' ? 'nobody' : s.quote_policy;
    const entity: StatusEntity = {
      id: s.id,
      created_at: s.created_at,
      in_reply_to_id: s.in_reply_to_id,
      in_reply_to_account_id: s.in_reply_to_account_id,
      sensitive: s.sensitive === 1,
      spoiler_text: s.spoiler_text,
      visibility: s.visibility,
      language: s.language,
      uri: s.uri ?? statusUri(ctx, account.username, s.id),
      url: s.uri ? s.url : statusUrl(ctx, account.username, s.id),
      replies_count: s.replies_count,
      reblogs_count: s.reblogs_count,
      favourites_count: s.favourites_count,
      quotes_count: s.quotes_count,
      edited_at: s.edited_at,
      content: s.reblog_of_id ? '' : s.content,
      reblog: null,
      application: parts.application,
      account,
      media_attachments: parts.media_attachments,
      mentions: parts.mentions,
      tags: parts.tags,
      emojis: s.reblog_of_id ? [] : emojisOf(ctx, loaded.emojis, s.spoiler_text, s.text, ...(poll?.options.map((o) => o.title) ?? [])),
      card: card ? serializePreviewCard(card) : null,
      poll: poll ? serializePoll(poll, viewerId, viewer?.pollChoices.get(poll.id), loaded.now) : null,
      quote: null,
      quote_approval: {
        automatic: policy === 'public' ? ['public'] : policy === 'followers' ? ['followers'] : [],
        manual: [],
        current_user: quoteApprovalFor(loaded, s, policy),
      },
      tribune: {
        upvotes_count: s.upvotes_count,
        downvotes_count: s.downvotes_count,
        score: s.upvotes_count - s.downvotes_count,
        vote: vote > 0 ? 1 : vote < 0 ? -1 : 0,
      },
    };
    if (s.state !== 'published') entity.tribune.moderation_state = s.state;
    if (viewer) {
      entity.favourited = viewer.favourited.has(s.id);
      entity.reblogged = viewer.reblogged.has(s.id);
      entity.muted = !!s.conversation_id && viewer.mutedConversations.has(s.conversation_id);
      entity.bookmarked = viewer.bookmarked.has(s.id);
      entity.pinned = s.account_id === viewerId && viewer.pinned.has(s.id);
      entity.filtered = [];
    }
    if (s.reblog_of_id) {
      const target = loaded.rows.get(s.reblog_of_id);
      entity.reblog = target ? build(target, quoteDepth) : null;
    }
    if (s.quote_of_id) {
      const q = loaded.rows.get(s.quote_of_id);
      const state: QuoteState = s.quote_state === 'revoked' ? 'revoked' : !q ? 'deleted' : loaded.visible.has(q.id) ? 'accepted' : 'unauthorized';
      // Mastodon nests one level: a quote inside a quote is shallow (just the id).
      if (quoteDepth > 0) entity.quote = { state, quoted_status_id: state === 'accepted' ? s.quote_of_id : null };
      else entity.quote = { state, quoted_status: state === 'accepted' && q ? build(q, 1) : null };
    }
    return entity;
  };

  const out: StatusEntity[] = [];
  for (const s of loaded.shown) {
    const e = build(s, 0);
    if (!e) continue;
    const found = loaded.filterMatches.get(s.id);
    if (found) markFiltered(e, found);
    out.push(e);
  }
  return out;
}

function markFiltered(e: StatusEntity, found: FilterMatch[]): StatusEntity {
  e.filtered = found.map(serializeFilterResult);
  if (e.reblog) e.reblog.filtered = e.filtered;
  return e;
}

/** A post rendered once for everyone, as one subscriber gets it: marked with the filters of theirs that match. */
export function filteredCopy(entity: StatusEntity, found: FilterMatch[]): StatusEntity {
  return markFiltered({ ...entity, reblog: entity.reblog ? { ...entity.reblog } : null }, found);
}

function quoteApprovalFor(loaded: LoadedStatuses, s: StatusRow, policy: string): StatusEntity['quote_approval']['current_user'] {
  if (!loaded.viewerId) return 'unknown';
  if (s.account_id === loaded.viewerId) return s.visibility === 'direct' ? 'denied' : 'automatic';
  if (policy === 'public') return 'automatic';
  if (policy === 'followers' && loaded.viewer?.following.has(s.account_id)) return 'automatic';
  return 'denied';
}

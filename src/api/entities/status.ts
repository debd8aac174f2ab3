import type { AppContext } from '../../context.js';
import { findAccountsByIds } from '../../domain/accounts/accounts.store.js';
import { mediaUrl } from '../../domain/accounts/media-paths.js';
import { activeFilters } from '../../domain/filters/filters.service.js';
import { type FilterablePost, type FilterContext, type FilterMatch, matchFilters } from '../../domain/filters/match.js';
import { appsOf, mediaOf, mentionsOf, tagsOf, viewerMarks } from '../../domain/statuses/status-view.store.js';
import { findStatus, findStatuses, type StatusRow } from '../../domain/statuses/statuses.store.js';
import { canSee, loadVisibilityFacts, type VisibilityFacts } from '../../domain/statuses/visibility.js';
import { LruMap } from '../../infra/memo.js';
import { type AccountEntity, serializeAccount } from './account.js';
import { type FilterResultEntity, serializeFilterResult } from './filter.js';
import { loadPolls, type PollEntity } from './poll.js';
import { loadCards, type PreviewCardEntity } from './preview-card.js';

/** Mastodon's Status entity (https://docs.joinmastodon.org/entities/Status/) plus Tribune's `tribune` extension. */
export interface StatusEntity {
  id: string;
  created_at: string;
  in_reply_to_id: string | null;
  in_reply_to_account_id: string | null;
  sensitive: boolean;
  spoiler_text: string;
  visibility: string;
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
  emojis: unknown[];
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

export interface MediaEntity {
  id: string;
  type: string;
  url: string | null;
  preview_url: string | null;
  remote_url: null;
  meta: unknown;
  description: string | null;
  blurhash: string | null;
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

export function statusUrl(ctx: AppContext, username: string, id: string): string {
  return `${ctx.config.publicUrl}/@${username}/${id}`;
}

export function statusUri(ctx: AppContext, username: string, id: string): string {
  return `${ctx.config.publicUrl}/users/${username}/statuses/${id}`;
}

export function serializeMedia(
  ctx: AppContext,
  m: {
    id: string;
    type: string;
    file_path: string | null;
    preview_path: string | null;
    meta: string | null;
    description: string | null;
    blurhash: string | null;
  },
): MediaEntity {
  let meta: unknown = null;
  try {
    meta = m.meta ? JSON.parse(m.meta) : null;
  } catch {
    meta = null;
  }
  return {
    id: m.id,
    type: m.type,
    url: m.file_path ? mediaUrl(ctx, m.file_path) : null,
    preview_url: m.preview_path ? mediaUrl(ctx, m.preview_path) : m.file_path ? mediaUrl(ctx, m.file_path) : null,
    remote_url: null,
    meta,
    description: m.description,
    blurhash: m.blurhash,
  };
}

/** The parts of a post that depend neither on the viewer nor on counters, and change only when it is edited. */
export interface StatusParts {
  mentions: StatusEntity['mentions'];
  tags: StatusEntity['tags'];
  media: MediaEntity[];
  application: StatusEntity['application'];
}

// Mentions, tags, media and application are written with the post and rewritten only by an edit, which moves
// edited_at: kept per process by id and edited_at, least recently used dropped first. Visibility, moderation
// state and counters are never cached: they are read with the rows on every request (so a deleted or hidden post
// is never served from here, in one process or many).
export function createStatusPartsCache(): LruMap<string, StatusParts> {
  return new LruMap(20_000);
}

const partsKey = (s: StatusRow) => `${s.id}|${s.edited_at ?? ''}`;

export interface SerializeOptions {
  /** Timelines: leave out muted authors and echoes of them. */
  hideMuted?: boolean;
  /** Filled with every post and author the entities were rendered from (for src/api/page-cache.ts). */
  sources?: RenderSources;
  /**
   * Where the posts are shown: the reader's filters for that context mark them (`filtered`), and those whose
   * action is `hide` are left out. Without it no filter applies.
   */
  filterContext?: FilterContext;
  /** Posts asked for by id (one post, several by id, a conversation): a `hide` match is marked, not left out. */
  keepHidden?: boolean;
  /** Filled with what each post is matched on (public streams render once, then match for each subscriber). */
  filterInputs?: Map<string, FilterablePost>;
}

export interface RenderSources {
  statuses: Set<string>;
  accounts: Set<string>;
}

/**
 * Serialises the posts the viewer may see, in order, dropping the others. Everything is loaded in
 * batches: a page costs the same handful of queries whatever its length.
 */
export async function serializeStatuses(ctx: AppContext, rows: StatusRow[], viewerId: string | null, opts: SerializeOptions = {}): Promise<StatusEntity[]> {
  if (rows.length === 0) return [];
  const byId = new Map<string, StatusRow>(rows.map((r) => [r.id, r]));
  const echoTargets = rows.map((r) => r.reblog_of_id).filter((x): x is string => !!x && !byId.has(x));
  for (const r of await findStatuses(ctx.db, echoTargets)) byId.set(r.id, r);
  const quoteTargets = [...byId.values()].map((r) => r.quote_of_id).filter((x): x is string => !!x && !byId.has(x));
  for (const r of await findStatuses(ctx.db, quoteTargets)) byId.set(r.id, r);

  const all = [...byId.values()];
  if (opts.sources) {
    for (const s of all) {
      opts.sources.statuses.add(s.id);
      opts.sources.accounts.add(s.account_id);
    }
    for (const id of [...echoTargets, ...quoteTargets]) opts.sources.statuses.add(id);
  }
  // What does not depend on the viewer (mentions, tags, media, application) comes from the per-process cache;
  // only the posts not in it are read. The authors' rows serve both the visibility rules and the entities.
  const cache = ctx.statusParts;
  const parts = new Map<string, StatusParts>();
  const missing: StatusRow[] = [];
  for (const s of all) {
    const hit = cache.get(partsKey(s));
    if (hit) parts.set(s.id, hit);
    else missing.push(s);
  }
  const missingIds = missing.map((s) => s.id);
  const [authorRows, newMentions, newTags, newMedia, apps] = await Promise.all([
    findAccountsByIds(ctx.db, [...new Set(all.map((s) => s.account_id))]),
    mentionsOf(ctx.db, missingIds),
    tagsOf(ctx.db, missingIds),
    mediaOf(ctx.db, missingIds),
    appsOf(
      ctx.db,
      missing.map((s) => s.application_id).filter((x): x is string => !!x),
    ),
  ]);
  const group = <T extends { status_id: string | null }>(list: T[]) => {
    const m = new Map<string, T[]>();
    for (const x of list) {
      if (!x.status_id) continue;
      const arr = m.get(x.status_id) ?? [];
      arr.push(x);
      m.set(x.status_id, arr);
    }
    return m;
  };
  const mentionsBy = group(newMentions);
  const tagsBy = group(newTags);
  const mediaBy = group(newMedia);
  const appsBy = new Map(apps.map((a) => [a.id, a]));
  for (const s of missing) {
    const app = s.application_id ? appsBy.get(s.application_id) : undefined;
    const p: StatusParts = {
      mentions: (mentionsBy.get(s.id) ?? []).map((m) => ({ id: m.id, username: m.username, url: `${ctx.config.publicUrl}/@${m.username}`, acct: m.username })),
      tags: (tagsBy.get(s.id) ?? []).map((t) => ({ name: t.name, url: `${ctx.config.publicUrl}/tags/${encodeURIComponent(t.name)}` })),
      media: (mediaBy.get(s.id) ?? []).map((m) => serializeMedia(ctx, m)),
      application: app ? { name: app.name, website: app.website } : null,
    };
    parts.set(s.id, p);
    cache.set(partsKey(s), p);
  }
  const mentions = all.flatMap((s) => parts.get(s.id)!.mentions.map((m) => ({ status_id: s.id, id: m.id })));

  const facts = await loadVisibilityFacts(ctx.db, viewerId, all, { authors: authorRows, mentions });
  const visible = (s: StatusRow | undefined): s is StatusRow => !!s && canSee(facts, s);
  // Timelines also drop muted authors, and echoes of muted or blocked authors.
  const muted = (s: StatusRow | undefined) => !!opts.hideMuted && !!s && s.account_id !== viewerId && facts.muted.has(s.account_id);
  const shown = rows.filter((r) => visible(r) && !muted(r) && (!r.reblog_of_id || (visible(byId.get(r.reblog_of_id)) && !muted(byId.get(r.reblog_of_id)))));
  if (shown.length === 0) return [];

  const ids = all.filter((s) => canSee(facts, s)).map((s) => s.id);
  const conversations = all.map((s) => s.conversation_id).filter((x): x is string => !!x);
  const accounts = new Map(authorRows.map((r) => [r.id, serializeAccount(ctx, r)]));
  const marks = viewerId ? await viewerMarks(ctx.db, viewerId, ids, conversations) : null;
  // Counts and the viewer's votes change without an edit: read on every request, like the counters.
  // Cards arrive after the post (a background fetch that marks the post changed): read like the polls.
  const [polls, cards] = await Promise.all([loadPolls(ctx, ids, viewerId), loadCards(ctx, ids)]);

  const build = (s: StatusRow, quoteDepth: number): StatusEntity | null => {
    const account = accounts.get(s.account_id);
    if (!account) return null;
    const vote = marks?.votes.get(s.id) ?? 0;
    const p = parts.get(s.id)!;
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
      uri: statusUri(ctx, account.username, s.id),
      url: statusUrl(ctx, account.username, s.id),
      replies_count: s.replies_count,
      reblogs_count: s.reblogs_count,
      favourites_count: s.favourites_count,
      quotes_count: s.quotes_count,
      edited_at: s.edited_at,
      content: s.reblog_of_id ? '' : s.content,
      reblog: null,
      application: p.application,
      account,
      media_attachments: [...p.media],
      mentions: [...p.mentions],
      tags: [...p.tags],
      emojis: [],
      card: s.reblog_of_id ? null : (cards.get(s.id) ?? null),
      poll: polls.get(s.id) ?? null,
      quote: null,
      quote_approval: {
        automatic: policy === 'public' ? ['public'] : policy === 'followers' ? ['followers'] : [],
        manual: [],
        current_user: quoteApprovalFor(facts, s, policy),
      },
      tribune: {
        upvotes_count: s.upvotes_count,
        downvotes_count: s.downvotes_count,
        score: s.upvotes_count - s.downvotes_count,
        vote: vote > 0 ? 1 : vote < 0 ? -1 : 0,
      },
    };
    if (s.state !== 'published') entity.tribune.moderation_state = s.state;
    if (marks) {
      entity.favourited = marks.favourited.has(s.id);
      entity.reblogged = marks.reblogged.has(s.id);
      entity.muted = !!s.conversation_id && marks.mutedConversations.has(s.conversation_id);
      entity.bookmarked = marks.bookmarked.has(s.id);
      entity.pinned = s.account_id === viewerId && marks.pinned.has(s.id);
      entity.filtered = [];
    }
    if (s.reblog_of_id) {
      const target = byId.get(s.reblog_of_id);
      entity.reblog = target ? build(target, quoteDepth) : null;
    }
    if (s.quote_of_id) {
      const q = byId.get(s.quote_of_id);
      const state: QuoteState = s.quote_state === 'revoked' ? 'revoked' : !q ? 'deleted' : canSee(facts, q) ? 'accepted' : 'unauthorized';
      // Mastodon nests one level: a quote inside a quote is shallow (just the id).
      if (quoteDepth > 0) entity.quote = { state, quoted_status_id: state === 'accepted' ? s.quote_of_id : null };
      else entity.quote = { state, quoted_status: state === 'accepted' && q ? build(q, 1) : null };
    }
    return entity;
  };

  const inputs = new Map<string, FilterablePost>();
  for (const s of shown) {
    const input = filterInput(s, byId, parts, polls);
    if (input) inputs.set(s.id, input);
    if (input) opts.filterInputs?.set(s.id, input);
  }
  const matches = await filterMatches(ctx, shown, inputs, viewerId, opts.filterContext);
  const out: StatusEntity[] = [];
  for (const s of shown) {
    const found = matches.get(s.id);
    // `hide`: the server leaves the post out (https://docs.joinmastodon.org/entities/Filter/#filter_action).
    if (!opts.keepHidden && isHidden(found)) continue;
    const e = build(s, 0);
    if (!e) continue;
    if (found) {
      e.filtered = found.map(serializeFilterResult);
      if (e.reblog) e.reblog.filtered = e.filtered;
    }
    out.push(e);
  }
  return out;
}

const isHidden = (found: FilterMatch[] | undefined) => !!found?.some((m) => m.filter.row.filter_action === 'hide');

/**
 * What a post is matched on (an echo by what it echoes). As Mastodon: the content warning, the text, the poll
 * options and the media descriptions.
 */
function filterInput(s: StatusRow, byId: Map<string, StatusRow>, parts: Map<string, StatusParts>, polls: Map<string, PollEntity>): FilterablePost | null {
  const target = s.reblog_of_id ? byId.get(s.reblog_of_id) : s;
  if (!target) return null;
  const options = (polls.get(target.id)?.options ?? []).map((o) => o.title);
  const media = (parts.get(target.id)?.media ?? []).map((m) => m.description ?? '');
  return { id: s.id, authorId: s.account_id, reblogOfId: s.reblog_of_id, text: [target.spoiler_text, target.text, ...options, ...media].join('\n\n') };
}

/** The reader's filters that match each post, read once for the page; the reader's own posts never match. */
async function filterMatches(
  ctx: AppContext,
  shown: StatusRow[],
  inputs: Map<string, FilterablePost>,
  viewerId: string | null,
  context: FilterContext | undefined,
): Promise<Map<string, FilterMatch[]>> {
  const out = new Map<string, FilterMatch[]>();
  if (!viewerId || !context) return out;
  const filters = await activeFilters(ctx, viewerId);
  if (filters.length === 0) return out;
  for (const s of shown) {
    const input = inputs.get(s.id);
    if (s.account_id === viewerId || !input) continue;
    const found = matchFilters(filters, context, input);
    if (found.length > 0) out.set(s.id, found);
  }
  return out;
}

/** A post rendered once for everyone (public streams), with what it is matched on. */
export interface SharedStatus {
  entity: StatusEntity;
  input: FilterablePost;
}

export async function serializeSharedStatus(ctx: AppContext, statusId: string): Promise<SharedStatus | null> {
  const row = await findStatus(ctx.db, statusId);
  if (!row) return null;
  const filterInputs = new Map<string, FilterablePost>();
  const entity = (await serializeStatuses(ctx, [row], null, { filterInputs }))[0];
  const input = filterInputs.get(statusId);
  return entity && input ? { entity, input } : null;
}

/**
 * A shared rendering as one subscriber gets it: marked with their filters for `context` (one query), or null
 * when one of them hides it. Mastodon's streaming server matches each post against each subscriber's filters.
 */
export async function filterSharedStatus(ctx: AppContext, shared: SharedStatus, viewerId: string, context: FilterContext): Promise<StatusEntity | null> {
  const filters = shared.input.authorId === viewerId ? [] : await activeFilters(ctx, viewerId);
  const found = filters.length > 0 ? matchFilters(filters, context, shared.input) : [];
  if (isHidden(found)) return null;
  const filtered = found.map(serializeFilterResult);
  return { ...shared.entity, filtered, reblog: shared.entity.reblog ? { ...shared.entity.reblog, filtered } : null };
}

function quoteApprovalFor(facts: VisibilityFacts, s: StatusRow, policy: string): StatusEntity['quote_approval']['current_user'] {
  if (!facts.viewerId) return 'unknown';
  if (s.account_id === facts.viewerId) return s.visibility === 'direct' ? 'denied' : 'automatic';
  if (policy === 'public') return 'automatic';
  if (policy === 'followers' && facts.following.has(s.account_id)) return 'automatic';
  return 'denied';
}

export async function serializeStatus(ctx: AppContext, row: StatusRow, viewerId: string | null, opts: SerializeOptions = {}): Promise<StatusEntity | null> {
  return (await serializeStatuses(ctx, [row], viewerId, opts))[0] ?? null;
}

/** For the streaming layer: one post as this viewer sees it, or null when they may not see it (or it is gone). */
export async function serializeStatusFor(
  ctx: AppContext,
  statusId: string,
  viewerAccountId: string | null,
  opts: SerializeOptions = {},
): Promise<StatusEntity | null> {
  const row = await findStatus(ctx.db, statusId);
  return row ? serializeStatus(ctx, row, viewerAccountId, opts) : null;
}

/** Serialises rows given by id, keeping the ids' order and dropping missing or hidden ones. */
export async function serializeStatusIds(ctx: AppContext, ids: string[], viewerId: string | null, opts: SerializeOptions = {}): Promise<StatusEntity[]> {
  for (const id of ids) opts.sources?.statuses.add(id);
  const rows = await findStatuses(ctx.db, ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return serializeStatuses(
    ctx,
    ids.map((id) => byId.get(id)).filter((r): r is StatusRow => !!r),
    viewerId,
    opts,
  );
}

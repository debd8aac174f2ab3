import type { Infra } from '../../infra/infra.js';
import type { LruMap } from '../../infra/memo.js';
import { type AccountRow, findAccountsByIds } from '../accounts/accounts.store.js';
import { cardsOfStatuses, type PreviewCardRow } from '../cards/cards.store.js';
import { type CustomEmojiRow, customEmojisByShortcode } from '../custom-emojis/custom-emojis.store.js';
import { shortcodesIn } from '../custom-emojis/shortcodes.js';
import { activeFilters } from '../filters/filters.service.js';
import { type FilterablePost, type FilterContext, type FilterMatch, matchFilters } from '../filters/match.js';
import { ownVotes, type PollWithOptions } from '../polls/polls.store.js';
import { findStatusesAndTargets, pollsWithOptions, type ViewerFacts, viewerFacts } from './status-page.store.js';
import { loadStatusParts, type StatusParts } from './status-parts.js';
import type { StatusRow } from './statuses.store.js';
import { canSee, visibilityFacts } from './visibility.js';

/** What loading posts for display reads: the database, the parts cache, and the reader's filters. */
export type StatusLoaderDeps = Pick<Infra, 'db'> & { statusParts: LruMap<string, StatusParts> };

export interface StatusLoadOptions {
  /** Timelines: leave out muted authors and echoes of them. */
  hideMuted?: boolean;
  /**
   * Where the posts are shown: the reader's filters for that context mark them, and those whose action is
   * `hide` are left out. Without it no filter applies.
   */
  filterContext?: FilterContext;
  /** Posts asked for by id (one post, several by id, a conversation): a `hide` match is marked, not left out. */
  keepHidden?: boolean;
}

/** Everything a page of posts shows, as one viewer sees it: plain data for the serializer (src/api/entities/status.ts). */
export interface LoadedStatuses {
  viewerId: string | null;
  /** The posts to show, in the page's order: visible, not muted (timelines), not hidden by a filter (unless kept), author found. */
  shown: StatusRow[];
  /** Every post read: the page, what it echoes, and what those quote. */
  rows: Map<string, StatusRow>;
  /** Which of `rows` the viewer may see. */
  visible: Set<string>;
  authors: Map<string, AccountRow>;
  parts: Map<string, StatusParts>;
  /** By status id. */
  polls: Map<string, PollWithOptions>;
  /** By status id; only cards whose fetch succeeded. */
  cards: Map<string, PreviewCardRow>;
  /** The custom emojis the posts, their authors' names and bios name (`:shortcode:`), by shortcode. */
  emojis: Map<string, CustomEmojiRow>;
  /** The viewer's relations with the authors and marks on the posts; null without a viewer. */
  viewer: ViewerFacts | null;
  filterMatches: Map<string, FilterMatch[]>;
  /** What each post not left out for visibility is matched on (public streams match it per subscriber). */
  filterInputs: Map<string, FilterablePost>;
  /** Every post and author the page depends on (src/api/page-cache.ts). */
  sources: { statuses: Set<string>; accounts: Set<string> };
  /** The time polls are judged ended against. */
  now: string;
}

/**
 * The posts `ids` (in that order, missing ones dropped) with everything they show. A fixed number of
 * statements whatever the page holds: the posts with their echoed and quoted posts (one), then at once the
 * authors, the parts not cached (up to four), the viewer's relations and marks (one), polls (one), cards (one)
 * and the reader's filters (one); then the custom emojis named, when any text has a `:shortcode:` (one).
 */
export async function loadStatusesByIds(ctx: StatusLoaderDeps, ids: string[], viewerId: string | null, opts: StatusLoadOptions = {}): Promise<LoadedStatuses> {
  const rows = new Map((ids.length > 0 ? await findStatusesAndTargets(ctx.db, ids, ids) : []).map((r) => [r.id, r]));
  const page = ids.flatMap((id) => (rows.has(id) ? [rows.get(id)!] : []));
  return assemble(ctx, page, rows, ids, viewerId, opts);
}

/** As loadStatusesByIds, for rows already read (a thread, a post just written): one statement fewer. */
export async function loadStatuses(ctx: StatusLoaderDeps, page: StatusRow[], viewerId: string | null, opts: StatusLoadOptions = {}): Promise<LoadedStatuses> {
  const rows = new Map(page.map((r) => [r.id, r]));
  const echoed = page.map((r) => r.reblog_of_id).filter((x): x is string => !!x && !rows.has(x));
  const quoted = page.map((r) => r.quote_of_id).filter((x): x is string => !!x && !rows.has(x));
  if (echoed.length + quoted.length > 0) {
    for (const r of await findStatusesAndTargets(ctx.db, [...echoed, ...quoted], echoed)) if (!rows.has(r.id)) rows.set(r.id, r);
  }
  return assemble(ctx, page, rows, [], viewerId, opts);
}

async function assemble(
  ctx: StatusLoaderDeps,
  page: StatusRow[],
  rows: Map<string, StatusRow>,
  asked: string[],
  viewerId: string | null,
  opts: StatusLoadOptions,
): Promise<LoadedStatuses> {
  const all = [...rows.values()];
  const ids = all.map((s) => s.id);
  const authorIds = [...new Set(all.map((s) => s.account_id))];
  const conversationIds = all.map((s) => s.conversation_id).filter((x): x is string => !!x);
  // Counts, cards, polls and the viewer's marks change without an edit: read on every request. Mentions, tags,
  // media and application come from the per-process cache (status-parts.ts).
  const [authorRows, parts, viewer, polls, cards, filters] = await Promise.all([
    findAccountsByIds(ctx.db, authorIds),
    loadStatusParts(ctx.db, ctx.statusParts, all),
    viewerId ? viewerFacts(ctx.db, viewerId, { authorIds, statusIds: ids, conversationIds }) : null,
    pollsWithOptions(ctx.db, ids),
    cardsOfStatuses(ctx.db, ids),
    viewerId && opts.filterContext && page.length > 0 ? activeFilters(ctx, viewerId) : [],
  ]);

  // One statement for every emoji the page names, only when a text has a `:shortcode:` at all.
  const codes = shortcodesIn([
    ...all.flatMap((s) => [s.spoiler_text, s.text]),
    ...authorRows.flatMap((a) => [a.display_name, a.note]),
    ...polls.flatMap((p) => p.options.map((o) => o.title)),
  ]);
  const emojis = new Map((await customEmojisByShortcode(ctx.db, codes)).map((e) => [e.shortcode, e]));

  const mentioned = new Set(viewerId ? all.filter((s) => parts.get(s.id)!.mentions.some((m) => m.id === viewerId)).map((s) => s.id) : []);
  const facts = visibilityFacts(viewerId, authorRows, mentioned, viewer);
  const visible = new Set(all.filter((s) => canSee(facts, s)).map((s) => s.id));
  const pollsBy = new Map(polls.map((p) => [p.status_id, p]));
  const authors = new Map(authorRows.map((a) => [a.id, a]));
  // Timelines also drop muted authors, and echoes of muted or blocked authors.
  const ok = (s: StatusRow | undefined): s is StatusRow =>
    !!s && visible.has(s.id) && !(opts.hideMuted && s.account_id !== viewerId && facts.muted.has(s.account_id));
  let shown = page.filter((r) => ok(r) && authors.has(r.account_id) && (!r.reblog_of_id || ok(rows.get(r.reblog_of_id))));

  const filterInputs = new Map<string, FilterablePost>();
  const filterMatches = new Map<string, FilterMatch[]>();
  for (const s of shown) {
    const input = filterInput(s, rows, parts, pollsBy);
    if (!input) continue;
    filterInputs.set(s.id, input);
    // The reader's own posts never match.
    const found = opts.filterContext && filters.length > 0 && s.account_id !== viewerId ? matchFilters(filters, opts.filterContext, input) : [];
    if (found.length > 0) filterMatches.set(s.id, found);
  }
  // `hide`: the server leaves the post out (https://docs.joinmastodon.org/entities/Filter/#filter_action).
  if (!opts.keepHidden) shown = shown.filter((s) => !isHidden(filterMatches.get(s.id)));

  return {
    viewerId,
    shown,
    rows,
    visible,
    authors,
    parts,
    polls: pollsBy,
    cards,
    emojis,
    viewer,
    filterMatches,
    filterInputs,
    sources: pageSources(page, rows, asked),
    now: new Date().toISOString(),
  };
}

export const isHidden = (found: FilterMatch[] | undefined | null) => !!found?.some((m) => m.filter.row.filter_action === 'hide');

// The posts asked for, every post read, what the page echoes and what those quote (found or not), and the authors.
function pageSources(page: StatusRow[], rows: Map<string, StatusRow>, asked: string[]) {
  const statuses = new Set([...asked, ...rows.keys()]);
  for (const r of page) {
    if (r.reblog_of_id) statuses.add(r.reblog_of_id);
    if (r.quote_of_id) statuses.add(r.quote_of_id);
    const quotedByEcho = r.reblog_of_id ? rows.get(r.reblog_of_id)?.quote_of_id : null;
    if (quotedByEcho) statuses.add(quotedByEcho);
  }
  return { statuses, accounts: new Set([...rows.values()].map((s) => s.account_id)) };
}

/**
 * What a post is matched on (an echo by what it echoes). As Mastodon: the content warning, the text, the poll
 * options and the media descriptions.
 */
function filterInput(s: StatusRow, rows: Map<string, StatusRow>, parts: Map<string, StatusParts>, polls: Map<string, PollWithOptions>): FilterablePost | null {
  const target = s.reblog_of_id ? rows.get(s.reblog_of_id) : s;
  if (!target) return null;
  const options = (polls.get(target.id)?.options ?? []).map((o) => o.title);
  const media = (parts.get(target.id)?.media ?? []).map((m) => m.description ?? '');
  return { id: s.id, authorId: s.account_id, reblogOfId: s.reblog_of_id, text: [target.spoiler_text, target.text, ...options, ...media].join('\n\n') };
}

/**
 * A post rendered once for everyone (public streams), as one subscriber gets it: their filters for `context`
 * that match it (one statement), or null when one of them hides it. Mastodon's streaming server matches each
 * post against each subscriber's filters.
 */
export async function matchSharedStatus(ctx: StatusLoaderDeps, input: FilterablePost, viewerId: string, context: FilterContext): Promise<FilterMatch[] | null> {
  const filters = input.authorId === viewerId ? [] : await activeFilters(ctx, viewerId);
  const found = filters.length > 0 ? matchFilters(filters, context, input) : [];
  return isHidden(found) ? null : found;
}

/** A post's poll as the viewer sees it (the poll routes): the poll with its options, the viewer's choices. */
export async function loadPoll(ctx: StatusLoaderDeps, statusId: string, viewerId: string | null) {
  const [poll] = await pollsWithOptions(ctx.db, [statusId]);
  if (!poll) return null;
  const own = viewerId ? (await ownVotes(ctx.db, viewerId, [poll.id])).get(poll.id) : undefined;
  return { poll, own, now: new Date().toISOString() };
}

/** A post's link card, when its fetch succeeded. */
export async function loadCard(ctx: StatusLoaderDeps, statusId: string): Promise<PreviewCardRow | undefined> {
  return (await cardsOfStatuses(ctx.db, [statusId])).get(statusId);
}

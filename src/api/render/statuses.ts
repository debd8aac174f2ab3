import type { FilterablePost, FilterContext } from '../../domain/filters/match.js';
import type { InstanceDeps } from '../../domain/instance/instance.service.js';
import type { ScheduledPost } from '../../domain/statuses/scheduled.service.js';
import type { StatusLoaderDeps } from '../../domain/statuses/status-loader.js';
import {
  type LoadedStatuses,
  loadCard,
  loadPoll,
  loadStatuses,
  loadStatusesByIds,
  matchSharedStatus,
  type StatusLoadOptions,
} from '../../domain/statuses/status-loader.js';
import { loadScheduledMedia, loadStatusHistory } from '../../domain/statuses/status-media.js';
import type { StatusRow } from '../../domain/statuses/statuses.store.js';
import type { ThreadContext } from '../../domain/statuses/thread.service.js';
import type { Infra } from '../../infra/infra.js';
import { type ContextEntity, serializeStatusContext } from '../entities/context.js';
import { type PollEntity, serializePoll } from '../entities/poll.js';
import { type PreviewCardEntity, serializePreviewCard } from '../entities/preview-card.js';
import { type ScheduledStatusEntity, serializeScheduledStatuses } from '../entities/scheduled-status.js';
import { filteredCopy, type StatusEntity, serializeStatuses } from '../entities/status.js';
import { serializeStatusEdits } from '../entities/status-edit.js';

/** What rendering entities uses: the loaders' dependencies and the configuration (public URL, limits); never a writer's. */
export type RenderDeps = StatusLoaderDeps & InstanceDeps & Pick<Infra, 'config'>;

// Posts as the API answers them: the domain loader reads a page, the serializer turns it into Status entities.

export interface RenderOptions extends StatusLoadOptions {
  /** Filled with every post and author the entities were rendered from (for src/api/page-cache.ts). */
  sources?: RenderSources;
  /** Filled with what each post is matched on (public streams render once, then match for each subscriber). */
  filterInputs?: Map<string, FilterablePost>;
}

export interface RenderSources {
  statuses: Set<string>;
  accounts: Set<string>;
}

function serialize(ctx: RenderDeps, loaded: LoadedStatuses, opts: RenderOptions): StatusEntity[] {
  if (opts.sources) {
    for (const id of loaded.sources.statuses) opts.sources.statuses.add(id);
    for (const id of loaded.sources.accounts) opts.sources.accounts.add(id);
  }
  if (opts.filterInputs) for (const [id, input] of loaded.filterInputs) opts.filterInputs.set(id, input);
  return serializeStatuses(ctx, loaded);
}

/** The posts the viewer may see, in order, dropping the others. */
export async function renderStatuses(ctx: RenderDeps, rows: StatusRow[], viewerId: string | null, opts: RenderOptions = {}): Promise<StatusEntity[]> {
  if (rows.length === 0) return [];
  return serialize(ctx, await loadStatuses(ctx, rows, viewerId, opts), opts);
}

/** Posts given by id, keeping the ids' order and dropping missing or hidden ones. */
export async function renderStatusIds(ctx: RenderDeps, ids: string[], viewerId: string | null, opts: RenderOptions = {}): Promise<StatusEntity[]> {
  return serialize(ctx, await loadStatusesByIds(ctx, ids, viewerId, opts), opts);
}

export async function renderStatus(ctx: RenderDeps, row: StatusRow, viewerId: string | null, opts: RenderOptions = {}): Promise<StatusEntity | null> {
  return (await renderStatuses(ctx, [row], viewerId, opts))[0] ?? null;
}

/** For the streaming layer: one post as this viewer sees it, or null when they may not see it (or it is gone). */
export async function renderStatusById(ctx: RenderDeps, statusId: string, viewerId: string | null, opts: RenderOptions = {}): Promise<StatusEntity | null> {
  return (await renderStatusIds(ctx, [statusId], viewerId, opts))[0] ?? null;
}

/** A post rendered once for everyone (public streams), with what it is matched on. */
export interface SharedStatus {
  entity: StatusEntity;
  input: FilterablePost;
}

export async function renderSharedStatus(ctx: RenderDeps, statusId: string): Promise<SharedStatus | null> {
  const filterInputs = new Map<string, FilterablePost>();
  const entity = await renderStatusById(ctx, statusId, null, { filterInputs });
  const input = filterInputs.get(statusId);
  return entity && input ? { entity, input } : null;
}

/** A shared rendering as one subscriber gets it: marked with their filters for `context`, or null when one hides it. */
export async function filterSharedStatus(ctx: RenderDeps, shared: SharedStatus, viewerId: string, context: FilterContext): Promise<StatusEntity | null> {
  const found = await matchSharedStatus(ctx, shared.input, viewerId, context);
  return found ? filteredCopy(shared.entity, found) : null;
}

/** A post's versions, oldest first (GET /api/v1/statuses/:id/history). */
export async function renderStatusHistory(ctx: RenderDeps, status: StatusRow) {
  return serializeStatusEdits(ctx, await loadStatusHistory(ctx, status));
}

export async function renderScheduledStatuses(ctx: RenderDeps, posts: ScheduledPost[]): Promise<ScheduledStatusEntity[]> {
  return serializeScheduledStatuses(ctx, await loadScheduledMedia(ctx, posts));
}

export async function renderScheduledStatus(ctx: RenderDeps, post: ScheduledPost): Promise<ScheduledStatusEntity> {
  return (await renderScheduledStatuses(ctx, [post]))[0]!;
}

/** The poll of a post as the viewer sees it (the same rendering as on the post); null when it has none. */
export async function renderPoll(ctx: RenderDeps, statusId: string, viewerId: string | null): Promise<PollEntity | null> {
  const loaded = await loadPoll(ctx, statusId, viewerId);
  return loaded ? serializePoll(loaded.poll, viewerId, loaded.own, loaded.now) : null;
}

/** A post's link card, or undefined; an echo shows none of its own. */
export async function renderCard(ctx: RenderDeps, status: StatusRow): Promise<PreviewCardEntity | undefined> {
  const card = status.reblog_of_id ? undefined : await loadCard(ctx, status.id);
  return card ? serializePreviewCard(card) : undefined;
}

/** A thread around a post, as the viewer sees it with their `thread` filters. */
export async function renderStatusContext(ctx: RenderDeps, thread: ThreadContext, viewerId: string | null): Promise<ContextEntity> {
  const posts = [...thread.ancestors, ...thread.descendants];
  if (posts.length === 0) return { ancestors: [], descendants: [] };
  const loaded = await loadStatuses(ctx, posts, viewerId, { filterContext: 'thread' });
  return serializeStatusContext(ctx, loaded, new Set(thread.ancestors.map((s) => s.id)));
}

import { isId } from '../../db/ids.js';
import { ApiError } from '../../errors.js';
import type { Infra } from '../../infra/infra.js';
import { hasScope } from '../auth/scopes.js';
import type { Viewer } from '../auth/tokens.js';
import type { FilterContext } from '../filters/match.js';
import { findList } from '../lists/lists.store.js';

// Mastodon's streams: https://docs.joinmastodon.org/methods/streaming/#streams
// Every stream needs a user token since Mastodon 4.2 (public ones included); "read" opens them all,
// read:statuses the timelines and read:notifications the notifications.

export interface StreamRequest {
  stream: string;
  tag?: string;
  list?: string;
}

export interface ResolvedStream {
  /** The `stream` array in each message, e.g. ["hashtag", "Cats"]. */
  name: string[];
  /** Identifies the subscription, to ignore a repeated subscribe and to unsubscribe. */
  key: string;
  /** Event-bus channels to listen to. */
  channels: string[];
  /** Events let through; all when undefined. */
  events?: ReadonlySet<string>;
  /** Where its posts are shown, for the viewer's keyword filters: home for user and list, public for the others. */
  filterContext?: FilterContext;
}

/** A refused stream: the WebSocket answers it at the upgrade, server-sent events through the API's error handler. */
export class StreamError extends ApiError {
  constructor(
    override readonly status: 400 | 401 | 403 | 404,
    message: string,
  ) {
    super(status, message);
  }
}

const TIMELINE_EVENTS = new Set(['update', 'status.update', 'delete']);
const NOTIFICATION_EVENTS = new Set(['notification']);
// Everything is local on Tribune: the local and federated timelines hold the same posts, and nothing is remote.
const PUBLIC_CHANNELS: Record<string, string[]> = {
  public: ['public'],
  'public:local': ['public:local'],
  'public:media': ['public:media'],
  'public:local:media': ['public:local:media'],
  'public:remote': [],
  'public:remote:media': [],
};

/** The canonical SSE path segment -> stream name (GET /api/v1/streaming/public/local -> public:local). */
export function streamFromPath(path: string): string {
  return path.replace(/^\/+|\/+$/g, '').replaceAll('/', ':');
}

/** Checks the request against the viewer's token and maps it to channels; throws StreamError. */
const ANNOUNCEMENT_EVENTS = ['announcement', 'announcement.reaction', 'announcement.delete'];

export function resolveStream(req: StreamRequest, viewer: Viewer): ResolvedStream {
  const accountId = viewer.accountId;
  if (!accountId) throw new StreamError(401, 'This stream requires an authenticated user');
  const stream = req.stream;
  const needs = stream === 'user:notification' ? 'read:notifications' : 'read:statuses';
  if (!hasScope(viewer.scopes, needs)) throw new StreamError(401, 'Access token does not have the required scopes');

  if (stream === 'user') {
    // The user stream carries notifications only for tokens that may read them.
    const notifications = hasScope(viewer.scopes, 'read:notifications');
    return {
      name: ['user'],
      key: 'user',
      // Announcements from the staff reach everyone's user stream (src/domain/announcements).
      channels: [`user:${accountId}`, 'deletes', 'announcements'],
      events: notifications ? undefined : new Set([...TIMELINE_EVENTS, 'conversation', 'filters_changed', ...ANNOUNCEMENT_EVENTS]),
      filterContext: 'home',
    };
  }
  if (stream === 'user:notification')
    return { name: ['user:notification'], key: 'user:notification', channels: [`user:${accountId}`], events: NOTIFICATION_EVENTS };
  if (stream === 'direct') return { name: ['direct'], key: 'direct', channels: [`direct:${accountId}`, 'deletes'] };
  const publicChannels = PUBLIC_CHANNELS[stream];
  if (publicChannels) return { name: [stream], key: stream, channels: [...publicChannels, 'deletes'], events: TIMELINE_EVENTS, filterContext: 'public' };
  if (stream === 'hashtag' || stream === 'hashtag:local') {
    const tag = (req.tag ?? '').trim().replace(/^#/, '');
    if (tag === '') throw new StreamError(400, 'No tag for stream provided');
    if (tag.length > 200) throw new StreamError(400, 'Tag too long');
    const lower = tag.toLowerCase();
    // The statuses area publishes each tagged public post on both channels (every post is local).
    const channels = stream === 'hashtag' ? [`hashtag:${lower}`] : [`hashtag:local:${lower}`];
    return { name: [stream, tag], key: `${stream}:${lower}`, channels: [...channels, 'deletes'], events: TIMELINE_EVENTS, filterContext: 'public' };
  }
  if (stream === 'list') {
    if (!req.list) throw new StreamError(400, 'Missing list name parameter');
    if (!isId(req.list)) throw new StreamError(404, 'List not found');
    // Fan-out addresses each list event to the list's owner, so nobody else ever receives one; whether the
    // list is the viewer's is checked before subscribing (checkStream), which needs the database.
    return {
      name: ['list', req.list],
      key: `list:${req.list}`,
      channels: [`list:${req.list}`, 'deletes'],
      events: TIMELINE_EVENTS,
      filterContext: 'home',
    };
  }
  throw new StreamError(400, 'Unknown stream type');
}

/** resolveStream, plus what needs the database: a list stream is the owner's only (404 otherwise, as Mastodon). */
export async function checkStream(ctx: Pick<Infra, 'db'>, req: StreamRequest, viewer: Viewer): Promise<ResolvedStream> {
  const resolved = resolveStream(req, viewer);
  if (req.stream === 'list') {
    const list = await findList(ctx.db, req.list!);
    if (!list || list.account_id !== viewer.accountId) throw new StreamError(404, 'List not found');
  }
  return resolved;
}

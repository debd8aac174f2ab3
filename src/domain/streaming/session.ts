import type { EventBus, StreamEvent, Unsubscribe } from '../../infra/events.js';
import type { Logger } from '../../logger.js';
import type { Viewer } from '../auth/tokens.js';
import type { FilterContext } from '../filters/match.js';
import { type ResolvedStream, resolveStream, StreamError, type StreamRequest } from './streams.js';

/** Renders an event's subject for one viewer; null when that viewer may not see it. */
export interface StreamRenderer {
  /**
   * A post on a private channel (someone's home, a list): rendered for that viewer, marked by their filters for
   * `filterContext` and left out (null) when one hides it.
   */
  status(statusId: string, viewerId: string, filterContext?: FilterContext): Promise<unknown | null>;
  /**
   * A post on a public channel (public, hashtag): rendered once per event as anyone sees it, as Mastodon
   * does, then checked against each viewer's blocks, mutes and filters.
   */
  publicStatus(event: StreamEvent, viewerId: string, filterContext?: FilterContext): Promise<unknown | null>;
  notification(notificationId: string, viewerId: string): Promise<unknown | null>;
  conversation(accountConversationId: string, viewerId: string): Promise<unknown | null>;
}

/** One message out, Mastodon's shape: the payload is itself a JSON string (a bare id for deletes). */
export interface StreamMessage {
  stream: string[];
  event: string;
  payload?: string;
}

export const MAX_SUBSCRIPTIONS = 32;
/** Events waiting to be rendered for one connection; past this the consumer is too slow and is dropped. */
export const MAX_PENDING_EVENTS = 1000;

interface Subscription {
  stream: ResolvedStream;
  off: Unsubscribe[];
}

/**
 * The subscriptions of one connection (a WebSocket, or one server-sent-events request). Events are rendered
 * for its viewer and sent in the order they arrived; close() drops every listener.
 */
export class StreamSession {
  private readonly subscriptions = new Map<string, Subscription>();
  private queue: Promise<void> = Promise.resolve();
  private pending = 0;
  private closed = false;
  /** Called once when the connection falls too far behind; the transport should close it. */
  onOverflow: () => void = () => {};

  constructor(
    private readonly bus: EventBus,
    private readonly viewer: Viewer,
    private readonly renderer: StreamRenderer,
    private readonly send: (message: StreamMessage) => void,
    private readonly logger?: Logger,
  ) {}

  get size(): number {
    return this.subscriptions.size;
  }

  /** Starts a subscription; a repeated one is ignored. Throws StreamError when refused. */
  subscribe(req: StreamRequest): ResolvedStream {
    if (this.closed) throw new StreamError(400, 'Connection closed');
    const stream = resolveStream(req, this.viewer);
    const existing = this.subscriptions.get(stream.key);
    if (existing) return existing.stream;
    if (this.subscriptions.size >= MAX_SUBSCRIPTIONS) throw new StreamError(400, 'Too many subscriptions');
    const off = stream.channels.map((channel) => this.bus.subscribe(channel, (event) => this.enqueue(stream, event)));
    this.subscriptions.set(stream.key, { stream, off });
    return stream;
  }

  unsubscribe(req: StreamRequest): void {
    let key: string;
    try {
      key = resolveStream(req, this.viewer).key;
    } catch {
      return;
    }
    const sub = this.subscriptions.get(key);
    if (!sub) return;
    for (const off of sub.off) off();
    this.subscriptions.delete(key);
  }

  close(): void {
    this.closed = true;
    for (const sub of this.subscriptions.values()) for (const off of sub.off) off();
    this.subscriptions.clear();
  }

  /** Resolves once every event received so far has been sent (tests). */
  idle(): Promise<void> {
    return this.queue;
  }

  private enqueue(stream: ResolvedStream, event: StreamEvent): void {
    if (stream.events && !stream.events.has(event.event)) return;
    // A private event addressed to someone else never goes out, whatever channel carried it.
    if (event.accountId && event.accountId !== this.viewer.accountId) return;
    if (this.closed) return;
    if (this.pending >= MAX_PENDING_EVENTS) {
      this.logger?.warn({ accountId: this.viewer.accountId }, 'streaming: connection too far behind, closing it');
      this.close();
      this.onOverflow();
      return;
    }
    this.pending += 1;
    this.queue = this.queue.then(async () => {
      try {
        if (this.closed || !this.subscriptions.has(stream.key)) return;
        const payload = await this.render(event, stream.filterContext);
        if (payload === null || this.closed) return;
        this.send({ stream: stream.name, event: event.event, ...(payload === undefined ? {} : { payload }) });
      } catch (err) {
        this.logger?.warn({ err, event: event.event }, 'streaming: could not render an event');
      } finally {
        this.pending -= 1;
      }
    });
  }

  /** The payload string, undefined for an event without one, or null to skip the event. */
  private async render(event: StreamEvent, filterContext: FilterContext | undefined): Promise<string | undefined | null> {
    const viewerId = this.viewer.accountId!;
    switch (event.event) {
      case 'update':
      case 'status.update': {
        const status = event.accountId
          ? await this.renderer.status(event.subject, viewerId, filterContext)
          : await this.renderer.publicStatus(event, viewerId, filterContext);
        return status === null ? null : JSON.stringify(status);
      }
      case 'notification': {
        const n = await this.renderer.notification(event.subject, viewerId);
        return n === null ? null : JSON.stringify(n);
      }
      case 'conversation': {
        const c = await this.renderer.conversation(event.subject, viewerId);
        return c === null ? null : JSON.stringify(c);
      }
      case 'delete':
      case 'announcement.delete':
      // Announcements are the same for everyone: their payload is rendered once when published.
      case 'announcement':
      case 'announcement.reaction':
        return event.subject;
      case 'filters_changed':
      case 'notifications_merged':
        return undefined;
      default:
        return null;
    }
  }
}

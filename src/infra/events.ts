// Pub/sub between the code that changes things and the streaming API.
// In one process it is an in-memory bus; the distributed mode swaps in Redis with the same interface.
export interface StreamEvent {
  /** Mastodon streaming event name: update, notification, delete, status.update, conversation... */
  event: string;
  /** What the event is about: a status id, notification id, etc. Rendered per subscriber by the streaming layer. */
  subject: string;
  /** Who may see it, if the event is private (e.g. the recipient of a notification). */
  accountId?: string;
}

export type Unsubscribe = () => void;

export interface EventBus {
  publish(channel: string, event: StreamEvent): Promise<void>;
  subscribe(channel: string, handler: (event: StreamEvent) => void): Unsubscribe;
  /** Handlers currently subscribed in this process (all channels): a leak shows here. */
  listenerCount(): number;
  /**
   * Calls `handler` whenever the bus (re)connects to other processes: what was published while it was away is lost,
   * and caches that rely on the bus must start afresh. Never called on the in-memory bus.
   */
  onReconnect(handler: () => void): Unsubscribe;
  close(): Promise<void>;
}

export function createMemoryEventBus(): EventBus {
  const handlers = new Map<string, Set<(event: StreamEvent) => void>>();
  return {
    async publish(channel, event) {
      for (const h of handlers.get(channel) ?? []) {
        try {
          h(event);
        } catch {
          // A broken subscriber must not stop delivery to the others.
        }
      }
    },
    subscribe(channel, handler) {
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
      }
      set.add(handler);
      return () => {
        set.delete(handler);
        if (set.size === 0) handlers.delete(channel);
      };
    },
    listenerCount() {
      let n = 0;
      for (const set of handlers.values()) n += set.size;
      return n;
    },
    onReconnect() {
      return () => {};
    },
    async close() {
      handlers.clear();
    },
  };
}

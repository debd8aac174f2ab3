import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import type { EventBus, StreamEvent } from './events.js';

/**
 * The event bus over Redis pub/sub, for several Tribune processes behind one load balancer: a post made on
 * one process reaches streaming clients connected to another. Each process subscribes in Redis only to the
 * channels its own clients listen to, and dispatches locally from there.
 */
export function createRedisEventBus(url: string, opts: { prefix?: string; logger?: Logger } = {}): EventBus {
  const prefix = opts.prefix ?? 'tribune:events:';
  const pub = new Redis(url, { maxRetriesPerRequest: 2 });
  // A connection in subscriber mode can do nothing else, hence two.
  const sub = new Redis(url);
  const handlers = new Map<string, Set<(event: StreamEvent) => void>>();
  for (const client of [pub, sub]) client.on('error', (err) => opts.logger?.warn({ err }, 'event bus: redis error'));

  sub.on('message', (redisChannel: string, message: string) => {
    if (!redisChannel.startsWith(prefix)) return;
    const set = handlers.get(redisChannel.slice(prefix.length));
    if (!set) return;
    let event: StreamEvent;
    try {
      event = JSON.parse(message) as StreamEvent;
    } catch {
      return;
    }
    for (const h of [...set]) {
      try {
        h(event);
      } catch {
        // A broken subscriber must not stop delivery to the others.
      }
    }
  });

  return {
    async publish(channel, event) {
      await pub.publish(prefix + channel, JSON.stringify(event));
    },
    subscribe(channel, handler) {
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
        sub.subscribe(prefix + channel).catch((err) => opts.logger?.warn({ err, channel }, 'event bus: subscribe failed'));
      }
      set.add(handler);
      return () => {
        if (!set.delete(handler) || set.size > 0 || handlers.get(channel) !== set) return;
        handlers.delete(channel);
        sub.unsubscribe(prefix + channel).catch(() => {});
      };
    },
    onReconnect(handler) {
      // 'ready' comes after every (re)connection of the subscriber, once ioredis has subscribed again.
      sub.on('ready', handler);
      return () => {
        sub.off('ready', handler);
      };
    },
    listenerCount() {
      let n = 0;
      for (const set of handlers.values()) n += set.size;
      return n;
    },
    async close() {
      handlers.clear();
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}

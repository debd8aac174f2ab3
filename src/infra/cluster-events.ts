import cluster, { type Worker } from 'node:cluster';
import { createMemoryEventBus, type EventBus, type StreamEvent } from './events.js';

// The event bus between the processes of `tribune serve --workers N` on one machine without Redis: each worker
// delivers its own events at once and sends them to the primary, which hands them to every other worker. With
// REDIS_URL the Redis bus is used instead (processes on several machines).

const KIND = 'tribune:event';

interface EventMessage {
  kind: typeof KIND;
  channel: string;
  event: StreamEvent;
}

function isEventMessage(m: unknown): m is EventMessage {
  return typeof m === 'object' && m !== null && (m as { kind?: unknown }).kind === KIND;
}

/** In a worker: the memory bus, plus what the other workers publish. */
export function createClusterEventBus(): EventBus {
  const local = createMemoryEventBus();
  const fromOthers = (m: unknown) => {
    if (isEventMessage(m)) void local.publish(m.channel, m.event);
  };
  process.on('message', fromOthers);
  return {
    ...local,
    async publish(channel, event) {
      await local.publish(channel, event);
      if (process.connected) process.send?.({ kind: KIND, channel, event } satisfies EventMessage);
    },
    async close() {
      process.off('message', fromOthers);
      await local.close();
    },
  };
}

/** In the primary: relays each worker's events to every other worker. */
export function relayClusterEvents(): void {
  cluster.on('message', (from: Worker, m: unknown) => {
    if (!isEventMessage(m)) return;
    for (const w of Object.values(cluster.workers ?? {})) if (w && w !== from && w.isConnected()) w.send(m);
  });
}

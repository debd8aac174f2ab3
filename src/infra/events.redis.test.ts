import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../../tests/helpers/server.js';
import type { EventBus, StreamEvent } from './events.js';
import { createRedisEventBus } from './redis-events.js';

// Runs only when REDIS_URL names a Redis server: two buses stand for two Tribune processes.
const url = process.env.REDIS_URL;

describe.skipIf(!url)('event bus over Redis', () => {
  const prefix = `tribune-test:${randomBytes(4).toString('hex')}:`;
  const buses: EventBus[] = [];
  const bus = () => {
    const b = createRedisEventBus(url!, { prefix });
    buses.push(b);
    return b;
  };
  afterAll(async () => {
    for (const b of buses) await b.close();
  });

  it('carries an event published in one process to a subscriber in another', async () => {
    const a = bus();
    const b = bus();
    const got: StreamEvent[] = [];
    b.subscribe('user:1', (e) => got.push(e));
    const event = { event: 'update', subject: '42', accountId: '1' };
    await eventually(async () => {
      await a.publish('user:1', event);
      expect(got.length).toBeGreaterThan(0);
    });
    expect(got[0]).toEqual(event);
  });

  it('delivers only the channels subscribed to, and nothing after unsubscribing', async () => {
    const a = bus();
    const b = bus();
    const got: string[] = [];
    const off = b.subscribe('public', (e) => got.push(e.subject));
    b.subscribe('hashtag:cats', (e) => got.push(`cats:${e.subject}`));
    await eventually(async () => {
      await a.publish('public', { event: 'update', subject: 'ping' });
      expect(got).toContain('ping');
    });
    await a.publish('hashtag:dogs', { event: 'update', subject: 'dog' });
    off();
    expect(b.listenerCount()).toBe(1);
    await a.publish('public', { event: 'update', subject: 'late' });
    await a.publish('hashtag:cats', { event: 'update', subject: 'marker' });
    await eventually(() => expect(got).toContain('cats:marker'));
    expect(got).not.toContain('late');
    expect(got).not.toContain('dog');
  });
});

describe.skipIf(!url)('streaming with REDIS_URL set', () => {
  it('delivers a post to a WebSocket subscriber through Redis', async () => {
    const { startTestServer } = await import('../../tests/helpers/server.js');
    const { TestStream } = await import('../../tests/e2e/stream-client.js');
    const t = await startTestServer({ redisUrl: url });
    try {
      const ada = await t.createUser('ada');
      const bea = await t.createUser('bea');
      const s = await TestStream.open(`${t.url.replace(/^http/, 'ws')}/api/v1/streaming?access_token=${bea.token}&stream=public`);
      // Wait until Redis acknowledged the subscription: a probe event comes back through it.
      await eventually(async () => {
        await t.ctx.events.publish('deletes', { event: 'delete', subject: 'probe' });
        await s.next((m) => m.payload === 'probe', 100);
      });
      const res = await t.post('/api/v1/statuses', { token: ada.token, json: { status: 'across processes' } });
      expect(res.status).toBe(200);
      const m = await s.next((x) => x.event === 'update');
      expect(JSON.parse(m.payload!).id).toBe(res.body.id);
      await s.close();
    } finally {
      await t.close();
    }
  });
});

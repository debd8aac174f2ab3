import { describe, expect, it } from 'vitest';
import { createMemoryEventBus } from '../../infra/events.js';
import type { Viewer } from '../auth/tokens.js';
import { MAX_PENDING_EVENTS, type StreamMessage, type StreamRenderer, StreamSession } from './session.js';
import { StreamError } from './streams.js';

const viewer = (scopes: string): Viewer => ({ accountId: '7', appId: null, tokenId: '1', scopes: new Set(scopes.split(' ')), role: 'user' });

const renderer = (status: StreamRenderer['status']): StreamRenderer => ({
  status,
  publicStatus: (event, viewerId) => status(event.subject, viewerId),
  notification: async (id) => ({ id }),
  conversation: async (id) => ({ id }),
});

describe('a streaming session', () => {
  it('sends events in the order they arrived even when rendering takes different times', async () => {
    const bus = createMemoryEventBus();
    const sent: StreamMessage[] = [];
    const s = new StreamSession(
      bus,
      viewer('read'),
      renderer(async (id) => {
        await new Promise((r) => setTimeout(r, id === '1' ? 30 : 1));
        return { id };
      }),
      (m) => sent.push(m),
    );
    s.subscribe({ stream: 'public' });
    await bus.publish('public', { event: 'update', subject: '1' });
    await bus.publish('public', { event: 'update', subject: '2' });
    await bus.publish('deletes', { event: 'delete', subject: '3' });
    await new Promise((r) => setTimeout(r, 60));
    await s.idle();
    expect(sent.map((m) => [m.event, m.payload])).toEqual([
      ['update', '{"id":"1"}'],
      ['update', '{"id":"2"}'],
      ['delete', '3'],
    ]);
  });

  it('refuses streams the token’s scopes do not cover', () => {
    const s = new StreamSession(
      createMemoryEventBus(),
      viewer('read:statuses'),
      renderer(async () => null),
      () => {},
    );
    expect(() => s.subscribe({ stream: 'user:notification' })).toThrow(StreamError);
    expect(() => s.subscribe({ stream: 'user' })).not.toThrow();
  });

  it('leaves the user stream without notifications for a token that may not read them', async () => {
    const bus = createMemoryEventBus();
    const sent: StreamMessage[] = [];
    const s = new StreamSession(
      bus,
      viewer('read:statuses'),
      renderer(async (id) => ({ id })),
      (m) => sent.push(m),
    );
    s.subscribe({ stream: 'user' });
    await bus.publish('user:7', { event: 'notification', subject: '9', accountId: '7' });
    await bus.publish('user:7', { event: 'update', subject: '10', accountId: '7' });
    await s.idle();
    expect(sent.map((m) => m.event)).toEqual(['update']);
  });

  it('drops a connection that falls too far behind and frees its listeners', async () => {
    const bus = createMemoryEventBus();
    const s = new StreamSession(
      bus,
      viewer('read'),
      renderer(() => new Promise(() => {})),
      () => {},
    );
    let overflowed = 0;
    s.onOverflow = () => overflowed++;
    s.subscribe({ stream: 'public' });
    for (let i = 0; i <= MAX_PENDING_EVENTS; i++) await bus.publish('public', { event: 'update', subject: String(i) });
    expect(overflowed).toBe(1);
    expect(bus.listenerCount()).toBe(0);
  });
});

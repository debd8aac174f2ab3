import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../../../tests/helpers/server.js';
import type { Classifier } from '../../moderation/classifier/types.js';
import { setClassifier } from '../../moderation/moderation.service.js';
import { editStatus } from './editing.js';
import { createStatus } from './posting.js';

// A case that cannot be stored must take the post or the edit down with it: they share one transaction.
const failing = vi.hoisted(() => ({ cases: false }));
vi.mock('../../moderation/moderation.store.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../moderation/moderation.store.js')>();
  return {
    ...real,
    insertCase: async (...args: Parameters<typeof real.insertCase>) => {
      if (failing.cases) throw new Error('storing the case failed');
      return real.insertCase(...args);
    },
  };
});

describe('a post and its screening are stored together', () => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  const homeIds = async (u: TestUser) => ((await t.get('/api/v1/timelines/home', { token: u.token })).body as Array<{ id: string }>).map((s) => s.id);
  const screenings = (column: 'account_id' | 'status_id', id: string) =>
    t.ctx.db.selectFrom('moderation_screenings').select(['outcome', 'edit']).where(column, '=', id).orderBy('id').execute();

  beforeAll(async () => {
    t = await startTestServer({ moderation: { strikesToSuspend: 5, thresholds: { violence: { review: 0.5, refuse: 1.01 } } } });
    const stub: Classifier = {
      name: 'stub',
      version: '1',
      classify: (text) => ({ categories: { violence: text.includes('HOLD') ? 0.9 : 0, glorification: 0 }, language: 'en' }),
    };
    setClassifier(t.ctx, stub);
    alice = await t.createUser('alice');
    bob = await t.createUser('bob');
    await t.post(`/api/v1/accounts/${alice.id}/follow`, { token: bob.token });
  });
  afterAll(() => t?.close());

  it('stores a held post with its screening and its case', async () => {
    const row = await createStatus(t.ctx, alice.id, { status: 'HOLD me' });
    expect(row.state).toBe('pending');
    expect(await screenings('account_id', alice.id)).toEqual([{ outcome: 'pending', edit: 0 }]);
    const cases = await t.ctx.db.selectFrom('moderation_cases').select(['source', 'state']).where('status_id', '=', row.id).execute();
    expect(cases).toEqual([{ source: 'screening', state: 'open' }]);
  });

  it('stores nothing of a held post whose case cannot be stored', async () => {
    const before = await t.ctx.db.selectFrom('statuses').select('id').where('account_id', '=', alice.id).execute();
    failing.cases = true;
    try {
      await expect(createStatus(t.ctx, alice.id, { status: 'HOLD me again' })).rejects.toThrow('storing the case failed');
    } finally {
      failing.cases = false;
    }
    expect(await t.ctx.db.selectFrom('statuses').select('id').where('account_id', '=', alice.id).execute()).toEqual(before);
    expect(await screenings('account_id', alice.id)).toEqual([{ outcome: 'pending', edit: 0 }]);
  });

  it('leaves a post as it was, in its followers’ feeds, when a held edit’s case cannot be stored', async () => {
    const post = await createStatus(t.ctx, alice.id, { status: 'a quiet walk' });
    await t.ctx.jobs.drain();
    expect(await homeIds(bob)).toContain(post.id);
    failing.cases = true;
    try {
      await expect(editStatus(t.ctx, alice.id, post.id, { status: 'HOLD this edit' })).rejects.toThrow('storing the case failed');
    } finally {
      failing.cases = false;
    }
    const row = await t.ctx.db.selectFrom('statuses').select(['text', 'state', 'edited_at']).where('id', '=', post.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ text: 'a quiet walk', state: 'published', edited_at: null });
    expect(await homeIds(bob)).toContain(post.id);
    expect(await screenings('status_id', post.id)).toEqual([{ outcome: 'published', edit: 0 }]);

    // The same edit, once the case can be stored, is held and leaves the feeds.
    const held = await editStatus(t.ctx, alice.id, post.id, { status: 'HOLD this edit' });
    expect(held.state).toBe('pending');
    expect(await homeIds(bob)).not.toContain(post.id);
    expect(await screenings('status_id', post.id)).toEqual([
      { outcome: 'published', edit: 0 },
      { outcome: 'pending', edit: 1 },
    ]);
  });
});

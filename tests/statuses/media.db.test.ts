import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../src/infra/events.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// Media rows are seeded here as the upload endpoint stores them (tests/media upload real files).
describe('posts with media attachments', () => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  const media = (owner: TestUser, description = 'a cat') => t.seedMedia(owner, { description });
  beforeAll(async () => {
    t = await startTestServer();
    alice = await t.createUser('alice');
    bob = await t.createUser('bob');
  });
  afterAll(() => t?.close());

  it('attaches own uploads, refuses others’ and unknown ones, filters only_media, and purges media rows on delete', async () => {
    const m1 = await media(alice);
    const theirs = await media(bob);
    expect((await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'x', media_ids: [theirs] } })).status).toBe(422);
    expect((await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'x', media_ids: ['123456'] } })).status).toBe(422);
    const five = [await media(alice), await media(alice), await media(alice), await media(alice), await media(alice)];
    const tooMany = await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'x', media_ids: five } });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error).toMatch(/media_ids/);

    const seen: StreamEvent[] = [];
    const off = t.ctx.events.subscribe('public:media', (e) => seen.push(e));
    const res = await t.post('/api/v1/statuses', {
      token: alice.token,
      form: [
        ['media_ids[]', m1],
        ['status', ''],
      ],
    });
    off();
    expect(res.status).toBe(200);
    expect(res.body.media_attachments).toEqual([
      expect.objectContaining({
        id: m1,
        type: 'image',
        url: expect.stringMatching(new RegExp(`^${t.url}/system/media/original/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}\\.png$`)),
        description: 'a cat',
        meta: { original: { width: 10, height: 10 } },
      }),
    ]);
    expect(seen.map((e) => e.subject)).toEqual([res.body.id]);
    const text = await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'no media' } });
    expect((await t.get('/api/v1/timelines/public?only_media=true')).body.map((s: { id: string }) => s.id)).toEqual([res.body.id]);
    expect((await t.get(`/api/v1/accounts/${alice.id}/statuses?only_media=true`)).body.map((s: { id: string }) => s.id)).toEqual([res.body.id]);
    // Attached media cannot be reused by another post.
    expect((await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'again', media_ids: [m1] } })).status).toBe(422);

    // Editing can swap the media; history keeps what each version had.
    const m2 = await media(alice, 'a dog');
    const edited = await t.request('PUT', `/api/v1/statuses/${res.body.id}`, { token: alice.token, json: { status: 'now a dog', media_ids: [m2] } });
    expect(edited.status).toBe(200);
    expect(edited.body.media_attachments.map((m: { id: string }) => m.id)).toEqual([m2]);
    const history = (await t.get(`/api/v1/statuses/${res.body.id}/history`)).body;
    expect(history.map((h: { media_attachments: Array<{ id: string }> }) => h.media_attachments.map((m) => m.id))).toEqual([[m1], [m2]]);

    await t.request('DELETE', `/api/v1/statuses/${res.body.id}`, { token: alice.token });
    expect(await t.ctx.db.selectFrom('media_attachments').select('id').where('id', '=', m2).execute()).toEqual([]);
    expect(text.status).toBe(200);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer, TestUser } from '../helpers/server.js';
import { scene } from './fixtures.js';
import { startMediaServer, uploadForm } from './media-server.js';

// Alt text and focal points of media already in a post, changed with the post's edit (Mastodon's
// `media_attributes[]` on PUT /api/v1/statuses/:id): PUT /api/v1/media/:id answers 404 once an upload is posted.
describe('editing the alt text of posted media', () => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let postId: string;
  let mediaIds: string[];

  beforeAll(async () => {
    t = await startMediaServer();
    alice = await t.createUser('alice');
    bob = await t.createUser('bob');
    mediaIds = [];
    for (const seed of [1, 2]) {
      const up = await t.request('POST', '/api/v2/media', {
        token: alice.token,
        multipart: uploadForm(await scene(seed, 300, 200), `${seed}.png`, 'image/png', { description: `first words ${seed}` }),
      });
      expect(up.status).toBe(200);
      mediaIds.push(up.body.id);
    }
    postId = (await t.postStatus(alice, 'two pictures', { media_ids: mediaIds })).id;
  });
  afterAll(() => t?.close());

  it('changes the description and focus of a kept attachment in the edit', async () => {
    expect((await t.request('PUT', `/api/v1/media/${mediaIds[0]}`, { token: alice.token, json: { description: 'x' } })).status).toBe(404);
    const res = await t.request('PUT', `/api/v1/statuses/${postId}`, {
      token: alice.token,
      json: {
        status: 'two pictures, described',
        media_ids: mediaIds,
        media_attributes: [{ id: mediaIds[0], description: 'A red square on grey', focus: '0.5,-0.25' }],
      },
    });
    expect(res.status, res.text).toBe(200);
    const [first, second] = res.body.media_attachments;
    expect(first).toMatchObject({ id: mediaIds[0], description: 'A red square on grey', meta: { focus: { x: 0.5, y: -0.25 } } });
    expect(second).toMatchObject({ id: mediaIds[1], description: 'first words 2' });
    // Readers see it too.
    const seen = await t.get(`/api/v1/statuses/${postId}`, { token: bob.token });
    expect(seen.body.media_attachments[0].description).toBe('A red square on grey');
  });

  it('refuses attributes for an attachment the post does not keep, and a bad focus, naming the field; nothing changes', async () => {
    const other = await t.request('PUT', `/api/v1/statuses/${postId}`, {
      token: alice.token,
      json: { media_ids: [mediaIds[0]], media_attributes: [{ id: mediaIds[1], description: 'gone' }] },
    });
    expect(other.status).toBe(422);
    expect(other.body.error).toMatch(/media_attributes/);
    const focus = await t.request('PUT', `/api/v1/statuses/${postId}`, {
      token: alice.token,
      json: { media_ids: mediaIds, media_attributes: [{ id: mediaIds[0], focus: 'left' }] },
    });
    expect(focus.status).toBe(422);
    expect(focus.body.error).toMatch(/focus/);
    const long = await t.request('PUT', `/api/v1/statuses/${postId}`, {
      token: alice.token,
      json: { media_ids: mediaIds, media_attributes: [{ id: mediaIds[0], description: 'x'.repeat(1501) }] },
    });
    expect(long.status).toBe(422);
    const now = await t.get(`/api/v1/statuses/${postId}`, { token: alice.token });
    expect(now.body.media_attachments.map((m: { description: string }) => m.description)).toEqual(['A red square on grey', 'first words 2']);
  });
});

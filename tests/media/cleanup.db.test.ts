import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishDueScheduled } from '../../src/domain/statuses/scheduled.service.js';
import { sweepUnattachedMedia, UNATTACHED_TTL_MS } from '../../src/media/cleanup.js';
import type { TestServer, TestUser } from '../helpers/server.js';
import { scene } from './fixtures.js';
import { mediaRows, pathOf, startMediaServer, storedKeys, uploadForm } from './media-server.js';

describe('uploads never posted are cleaned up after a day', () => {
  let t: TestServer;
  let alice: TestUser;
  beforeAll(async () => {
    t = await startMediaServer();
    alice = await t.createUser('alice');
  });
  afterAll(() => t?.close());

  const upload = async (seed: number) =>
    (await t.request('POST', '/api/v2/media', { token: alice.token, multipart: uploadForm(await scene(seed, 200, 150), `${seed}.png`, 'image/png') })).body;
  const keysOf = (m: { url: string; preview_url: string }) => [m.url, m.preview_url].map((u) => pathOf(u).slice('/system/media/'.length));

  it('deletes unattached uploads older than a day with their files, and keeps posted ones, recent ones and edit history', async () => {
    const stale = await upload(1);
    const posted = await upload(2);
    const editedOut = await upload(3);
    const replacement = await upload(4);
    const sameBytesAsPosted = await upload(2);
    const post = await t.postStatus(alice, 'kept', { media_ids: [posted.id] });
    const edited = await t.postStatus(alice, 'edited', { media_ids: [editedOut.id] });
    await t.request('PUT', `/api/v1/statuses/${edited.id}`, { token: alice.token, json: { status: 'edited', media_ids: [replacement.id] } });

    // A day and a minute later nothing is recent; one second later than now, nothing is old.
    expect(await sweepUnattachedMedia(t.ctx, Date.now() + 1_000)).toBe(0);
    const removed = await sweepUnattachedMedia(t.ctx, Date.now() + UNATTACHED_TTL_MS + 60_000);
    expect(removed).toBe(2);
    const ids = (await mediaRows(t)).map((r) => r.id);
    expect(ids).not.toContain(stale.id);
    expect(ids).not.toContain(sameBytesAsPosted.id);
    expect(ids).toEqual(expect.arrayContaining([posted.id, editedOut.id, replacement.id]));
    const keys = await storedKeys(t);
    for (const k of keysOf(stale)) expect(keys).not.toContain(k);
    // The same bytes as a posted image: one file, still named by the posted attachment.
    for (const k of keysOf(posted)) expect(keys).toContain(k);
    for (const k of keysOf(editedOut)) expect(keys).toContain(k);
    expect((await t.get(`/api/v1/statuses/${edited.id}/history`, { token: alice.token })).body[0].media_attachments[0].id).toBe(editedOut.id);
    expect((await fetch(posted.url)).status).toBe(200);
    expect(post.media_attachments).toHaveLength(1);

    // Once the edited post is gone, what its edit took out goes with it.
    await t.request('DELETE', `/api/v1/statuses/${edited.id}`, { token: alice.token });
    const after = await storedKeys(t);
    for (const k of [...keysOf(editedOut), ...keysOf(replacement)]) expect(after).not.toContain(k);
  }, 120_000);

  it('keeps the uploads of a post scheduled days ahead through the sweep, and publishes the post with them in order', async () => {
    const first = await upload(31);
    const second = await upload(32);
    const inThreeDays = new Date(Date.now() + 3 * UNATTACHED_TTL_MS).toISOString();
    const scheduled = await t.post('/api/v1/statuses', {
      token: alice.token,
      json: { status: 'later, with pictures', media_ids: [second.id, first.id], scheduled_at: inThreeDays },
    });
    expect(scheduled.status).toBe(200);
    // Reserved for it: not deleted by its owner, not posted elsewhere, not swept two days later.
    const del = await t.request('DELETE', `/api/v1/media/${first.id}`, { token: alice.token });
    expect(del.status).toBe(422);
    expect(del.body.error).toMatch(/scheduled post/);
    const elsewhere = await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'now', media_ids: [first.id] } });
    expect(elsewhere.status).toBe(422);
    expect(await sweepUnattachedMedia(t.ctx, Date.now() + 2 * UNATTACHED_TTL_MS)).toBe(0);
    // Its time comes: published with both, in the order given.
    await t.ctx.db
      .updateTable('scheduled_statuses')
      .set({ scheduled_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', scheduled.body.id)
      .execute();
    expect(await publishDueScheduled(t.ctx)).toBe(1);
    const mine = (await t.get(`/api/v1/accounts/${alice.id}/statuses`, { token: alice.token })).body;
    const post = mine.find((s: { content: string }) => s.content.includes('later, with pictures'));
    expect(post.media_attachments.map((m: { id: string }) => m.id)).toEqual([second.id, first.id]);
    expect((await fetch(first.url)).status).toBe(200);
  });

  it('frees the uploads of a cancelled scheduled post, which are then swept like any other', async () => {
    const up = await upload(33);
    const scheduled = await t.post('/api/v1/statuses', {
      token: alice.token,
      json: { status: 'never mind', media_ids: [up.id], scheduled_at: new Date(Date.now() + 3_600_000).toISOString() },
    });
    expect(scheduled.status).toBe(200);
    expect((await t.request('DELETE', `/api/v1/scheduled_statuses/${scheduled.body.id}`, { token: alice.token })).status).toBe(200);
    expect(await sweepUnattachedMedia(t.ctx, Date.now() + UNATTACHED_TTL_MS + 60_000)).toBe(1);
    expect((await mediaRows(t)).map((r) => r.id)).not.toContain(up.id);
  });

  it("deleting a suspended account's data deletes the files of its posts", async () => {
    const admin = await t.createUser('admin', { role: 'admin' });
    const dave = await t.createUser('dave');
    const up = (await t.request('POST', '/api/v2/media', { token: dave.token, multipart: uploadForm(await scene(77, 200, 150), 'd.png', 'image/png') })).body;
    await t.postStatus(dave, 'soon suspended', { media_ids: [up.id] });
    expect(await storedKeys(t)).toEqual(expect.arrayContaining(keysOf(up)));
    expect((await t.request('POST', `/api/v1/admin/accounts/${dave.id}/action`, { token: admin.token, json: { type: 'suspend' } })).status).toBe(200);
    expect((await t.request('DELETE', `/api/v1/admin/accounts/${dave.id}`, { token: admin.token })).status).toBe(200);
    const left = await storedKeys(t);
    for (const k of keysOf(up)) expect(left).not.toContain(k);
  });
});

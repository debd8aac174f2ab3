import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer, TestUser } from '../helpers/server.js';
import { avif, hasGpsPointer, jpegWithExifAndGps, pngWithAlpha, scene, stillGif, webp } from './fixtures.js';
import { mastoClient, mediaRows, pathOf, STORAGE_BACKENDS, startMediaServer, startMediaServerOn, storedKeys, uploadForm } from './media-server.js';

// The whole suite runs on each storage backend (issue 12: S3 storage through the same suite).
describe.each(STORAGE_BACKENDS)('uploading images and posting them, on $name', (backend) => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  beforeAll(async () => {
    t = await startMediaServerOn(backend);
    alice = await t.createUser('alice');
    bob = await t.createUser('bob');
  });
  afterAll(() => t?.close());

  const upload = (user: TestUser, bytes: Uint8Array, name: string, type: string, fields: Record<string, string> = {}) =>
    t.request('POST', '/api/v2/media', { token: user.token, multipart: uploadForm(bytes, name, type, fields) });
  const fetchFile = async (url: string) => {
    const res = await fetch(url);
    return { res, bytes: Buffer.from(await res.arrayBuffer()) };
  };

  it('uploads with the masto client, posts the image, and serves it turned upright with no EXIF, GPS or XMP', async () => {
    const original = await jpegWithExifAndGps(1200, 800);
    const before = await sharp(original).metadata();
    // The fixture carries what must not leak.
    expect(before.exif?.toString('latin1')).toContain('SecretCam');
    expect(hasGpsPointer(before.exif)).toBe(true);
    expect(before.xmp).toBeDefined();
    expect(before.orientation).toBe(6);

    const client = mastoClient(t, alice);
    const media = await client.v2.media.create({ file: new Blob([new Uint8Array(original)], { type: 'image/jpeg' }), description: 'a sunny field' });
    expect(media).toMatchObject({ type: 'image', description: 'a sunny field', remoteUrl: null });
    expect(media.url).toMatch(new RegExp(`^${t.url}/system/media/original/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}\\.jpg$`));
    expect(media.previewUrl).toMatch(/\/system\/media\/small\/.+\.jpg$/);
    expect(media.blurhash).toMatch(/^[0-9A-Za-z#$%*+,-.:;=?@[\]^_{|}~]{20,}$/);
    // Orientation 6 turns it a quarter: 800 wide, 1200 high.
    expect(media.meta?.original).toEqual({ width: 800, height: 1200, size: '800x1200', aspect: 800 / 1200 });
    const small = media.meta?.small as { width: number; height: number };
    expect(small.width * small.height).toBeLessThanOrEqual(230_400);
    expect(small.width / small.height).toBeCloseTo(800 / 1200, 1);

    const status = await client.v1.statuses.create({ status: 'look', mediaIds: [media.id] });
    expect(status.mediaAttachments.map((m) => [m.id, m.url, m.description])).toEqual([[media.id, media.url, 'a sunny field']]);
    const shown = await client.v1.statuses.$select(status.id).fetch();
    expect(shown.mediaAttachments[0]?.meta).toEqual(media.meta);

    for (const url of [media.url!, media.previewUrl!]) {
      const { res, bytes } = await fetchFile(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      const served = await sharp(bytes).metadata();
      expect(served.exif).toBeUndefined();
      expect(served.xmp).toBeUndefined();
      expect(served.iptc).toBeUndefined();
      expect(served.orientation).toBeUndefined();
      expect(bytes.includes(Buffer.from('SecretCam'))).toBe(false);
      expect(bytes.includes(Buffer.from('Jane Private'))).toBe(false);
    }
    const served = await sharp((await fetchFile(media.url!)).bytes).metadata();
    expect([served.width, served.height]).toEqual([800, 1200]);
  }, 90_000);

  it('keeps PNG for transparency, makes AVIF, WebP and still GIFs JPEG', async () => {
    const cases: Array<[Buffer, string, string, string]> = [
      [await pngWithAlpha(), 'a.png', 'image/png', 'image/png'],
      [await webp(), 'a.webp', 'image/webp', 'image/jpeg'],
      [await avif(), 'a.avif', 'image/avif', 'image/jpeg'],
      [await stillGif(), 'a.gif', 'image/gif', 'image/jpeg'],
    ];
    for (const [bytes, name, type, served] of cases) {
      const res = await upload(alice, bytes, name, type);
      expect(res.status, `${name}: ${res.text}`).toBe(200);
      expect(res.body.type).toBe('image');
      const file = await fetchFile(res.body.url);
      expect(file.res.headers.get('content-type'), name).toBe(served);
      expect((await sharp(file.bytes).metadata()).mediaType).toBe(served);
    }
  });

  it('keeps the colour profile of a wide-gamut photo, and nothing else of its metadata', async () => {
    // A Display P3 photo from a phone: without its profile its colours would be shown dull.
    const p3 = await sharp(await jpegWithExifAndGps(600, 400))
      .withIccProfile('p3')
      .withExif({ IFD0: { Make: 'SecretCam' } })
      .jpeg()
      .toBuffer();
    const sent = await sharp(p3).metadata();
    expect(sent.icc).toBeDefined();
    expect(sent.exif?.toString('latin1')).toContain('SecretCam');
    const res = await upload(alice, p3, 'p3.jpg', 'image/jpeg');
    expect(res.status, res.text).toBe(200);
    for (const url of [res.body.url, res.body.preview_url]) {
      const served = await sharp((await fetchFile(url)).bytes).metadata();
      expect(served.icc, url).toEqual(sent.icc);
      expect(served.exif, url).toBeUndefined();
      expect(served.xmp, url).toBeUndefined();
    }
  });

  it('sets the description and focus by PUT, and shows the upload only to its owner', async () => {
    const up = await upload(alice, await webp(), 'x.webp', 'image/webp', { description: 'first', focus: '0.5,-0.25' });
    expect(up.body.meta.focus).toEqual({ x: 0.5, y: -0.25 });
    const id = up.body.id;
    const put = await t.request('PUT', `/api/v1/media/${id}`, { token: alice.token, json: { description: 'a red square', focus: '-1,1' } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ id, description: 'a red square', meta: { focus: { x: -1, y: 1 } } });
    expect((await t.get(`/api/v1/media/${id}`, { token: alice.token })).body.description).toBe('a red square');

    const tooLong = await t.request('PUT', `/api/v1/media/${id}`, { token: alice.token, json: { description: 'x'.repeat(1501) } });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.error).toMatch(/description is too long \(maximum is 1500/);
    expect((await t.request('PUT', `/api/v1/media/${id}`, { token: alice.token, json: { focus: '2,0' } })).status).toBe(422);
    expect((await t.request('PUT', `/api/v1/media/${id}`, { token: alice.token, json: { description: 'x'.repeat(1500) } })).status).toBe(200);

    // Someone else's upload is not there for them, to read, change, delete or post.
    expect((await t.get(`/api/v1/media/${id}`, { token: bob.token })).status).toBe(404);
    expect((await t.request('PUT', `/api/v1/media/${id}`, { token: bob.token, json: { description: 'mine' } })).status).toBe(404);
    expect((await t.request('DELETE', `/api/v1/media/${id}`, { token: bob.token })).status).toBe(404);
    const stolen = await t.post('/api/v1/statuses', { token: bob.token, json: { status: 'stolen', media_ids: [id] } });
    expect(stolen.status).toBe(422);
    expect(stolen.body.error).toMatch(/media_ids/);
    expect((await t.get(`/api/v1/media/${id}`)).status).toBe(401);
  });

  it('posts up to four attachments, refuses a fifth, and changes them on an edit', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await upload(alice, await scene(20 + i, 160, 120), `${i}.png`, 'image/png')).body.id);
    const five = await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'album', media_ids: ids } });
    expect(five.status).toBe(422);
    expect(five.body.error).toMatch(/media_ids can hold at most 4/);
    const four = await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'album', media_ids: ids.slice(0, 4) } });
    expect(four.status).toBe(200);
    expect(four.body.media_attachments.map((m: { id: string }) => m.id)).toEqual(ids.slice(0, 4));
    // Attached: no longer an upload to read or change through /api/v1/media (as Mastodon).
    expect((await t.get(`/api/v1/media/${ids[0]}`, { token: alice.token })).status).toBe(404);
    expect((await t.request('DELETE', `/api/v1/media/${ids[0]}`, { token: alice.token })).status).toBe(422);

    const edited = await t.request('PUT', `/api/v1/statuses/${four.body.id}`, { token: alice.token, json: { status: 'album', media_ids: [ids[4], ids[0]] } });
    expect(edited.status).toBe(200);
    // In the order media_ids[] gives them, as Mastodon keeps them, not the order of the uploads.
    expect(edited.body.media_attachments.map((m: { id: string }) => m.id)).toEqual([ids[4], ids[0]]);
    const reread = await t.get(`/api/v1/statuses/${four.body.id}`, { token: alice.token });
    expect(reread.body.media_attachments.map((m: { id: string }) => m.id)).toEqual([ids[4], ids[0]]);
    const history = (await t.get(`/api/v1/statuses/${four.body.id}/history`, { token: alice.token })).body;
    expect(history[0].media_attachments).toHaveLength(4);
    // Taken out by the edit but kept for the history: not free to post elsewhere.
    expect((await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'again', media_ids: [ids[1]] } })).status).toBe(422);
  });

  it('keeps the order of media_ids[] wherever the post is read, and shows the media in the history of a post never edited', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await upload(alice, await scene(40 + i, 160, 120), `${i}.png`, 'image/png')).body.id);
    const order = [ids[2]!, ids[0]!, ids[1]!];
    const posted = await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'in my order', media_ids: order } });
    expect(posted.status).toBe(200);
    const idsOf = (s: { media_attachments: Array<{ id: string }> }) => s.media_attachments.map((m) => m.id);
    expect(idsOf(posted.body)).toEqual(order);
    expect(idsOf((await t.get(`/api/v1/statuses/${posted.body.id}`, { token: alice.token })).body)).toEqual(order);
    const mine = (await t.get(`/api/v1/accounts/${alice.id}/statuses`, { token: alice.token })).body.find((s: { id: string }) => s.id === posted.body.id);
    expect(idsOf(mine)).toEqual(order);
    const history = (await t.get(`/api/v1/statuses/${posted.body.id}/history`, { token: alice.token })).body;
    expect(history).toHaveLength(1);
    expect(idsOf(history[0])).toEqual(order);
  });

  it('gives an upload to one post only when several posts name it at once', async () => {
    const id = (await upload(alice, await scene(50, 160, 120), 'once.png', 'image/png')).body.id;
    const tries = await Promise.all(
      Array.from({ length: 6 }, (_, i) => t.post('/api/v1/statuses', { token: alice.token, json: { status: `double tap ${i}`, media_ids: [id] } })),
    );
    const won = tries.filter((r) => r.status === 200);
    expect(won).toHaveLength(1);
    for (const lost of tries.filter((r) => r.status !== 200)) {
      expect(lost.status).toBe(422);
      expect(lost.body.error).toMatch(/media_ids/);
    }
    // The one post that has it keeps it, and no other post was left published without it.
    const again = await t.get(`/api/v1/statuses/${won[0]!.body.id}`, { token: alice.token });
    expect(again.body.media_attachments.map((m: { id: string }) => m.id)).toEqual([id]);
    const mine = (await t.get(`/api/v1/accounts/${alice.id}/statuses?limit=40`, { token: alice.token })).body;
    expect(mine.filter((s: { content: string }) => s.content.includes('double tap'))).toHaveLength(1);
  });

  it('refuses to post an upload still processing or failed, with Mastodon’s words', async () => {
    const processing = await upload(alice, await webp(), 'p.webp', 'image/webp');
    await t.ctx.db.updateTable('media_attachments').set({ state: 'processing' }).where('id', '=', processing.body.id).execute();
    const res = await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'soon', media_ids: [processing.body.id] } });
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('Cannot attach files that have not finished processing. Try again in a moment!');
    expect((await t.get(`/api/v1/media/${processing.body.id}`, { token: alice.token })).status).toBe(206);
    expect((await t.get(`/api/v1/media/${processing.body.id}`, { token: alice.token })).body.url).toBeNull();
    await t.ctx.db
      .updateTable('media_attachments')
      .set({ state: 'failed', failure: 'Validation failed: the video is too long' })
      .where('id', '=', processing.body.id)
      .execute();
    const failed = await t.get(`/api/v1/media/${processing.body.id}`, { token: alice.token });
    expect(failed.status).toBe(422);
    expect(failed.body.error).toBe('Validation failed: the video is too long');
    expect((await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'x', media_ids: [processing.body.id] } })).status).toBe(422);
  });

  it('the v1 upload answers 200 with the attachment', async () => {
    const res = await t.request('POST', '/api/v1/media', { token: alice.token, multipart: uploadForm(await pngWithAlpha(), 'v1.png', 'image/png') });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ type: 'image', remote_url: null, meta: { original: { width: 300, height: 200, size: '300x200', aspect: 1.5 } } });
  });

  it('deletes an upload with DELETE, and its files unless another attachment has the same bytes', async () => {
    const bytes = await scene(40, 300, 200);
    const a = (await upload(alice, bytes, 'a.png', 'image/png')).body;
    const b = (await upload(alice, bytes, 'b.png', 'image/png')).body;
    expect(a.url).toBe(b.url);
    const key = pathOf(a.url).slice('/system/media/'.length);
    const del = await t.request('DELETE', `/api/v1/media/${a.id}`, { token: alice.token });
    expect(del.status).toBe(200);
    expect(del.body.id).toBe(a.id);
    expect((await t.get(`/api/v1/media/${a.id}`, { token: alice.token })).status).toBe(404);
    expect(await storedKeys(t)).toContain(key);
    await t.request('DELETE', `/api/v1/media/${b.id}`, { token: alice.token });
    expect(await storedKeys(t)).not.toContain(key);
    expect((await fetch(a.url)).status).toBe(404);
  });

  it('deleting a post deletes its files, those an edit took out too', async () => {
    const one = (await upload(alice, await scene(50, 300, 200), '1.png', 'image/png')).body;
    const two = (await upload(alice, await scene(51, 300, 200), '2.png', 'image/png')).body;
    const post = await t.postStatus(alice, 'soon gone', { media_ids: [one.id] });
    await t.request('PUT', `/api/v1/statuses/${post.id}`, { token: alice.token, json: { status: 'soon gone', media_ids: [two.id] } });
    const keys = [one.url, one.preview_url, two.url, two.preview_url].map((u: string) => pathOf(u).slice('/system/media/'.length));
    expect(await storedKeys(t)).toEqual(expect.arrayContaining(keys));
    expect((await t.request('DELETE', `/api/v1/statuses/${post.id}`, { token: alice.token })).status).toBe(200);
    const left = await storedKeys(t);
    for (const k of keys) expect(left).not.toContain(k);
    expect((await mediaRows(t)).filter((r) => r.id === one.id || r.id === two.id)).toEqual([]);
  });
});

describe('the stored original, bounded by MEDIA_IMAGE_STORED_PIXELS', () => {
  let small: TestServer;
  beforeAll(async () => {
    small = await startMediaServer({ imageStoredPixels: 1_000_000 });
  });
  afterAll(() => small?.close());

  it('shrinks an image over the limit, keeping its shape', async () => {
    const user = await small.createUser('carol');
    // 2000x1500 is 3 million pixels.
    const form = uploadForm(await scene(11, 2000, 1500), 'big.png', 'image/png');
    const res = await small.request('POST', '/api/v2/media', { token: user.token, multipart: form });
    expect(res.status).toBe(200);
    const { width, height } = res.body.meta.original;
    expect(width * height).toBeLessThanOrEqual(1_000_000);
    expect(width / height).toBeCloseTo(2000 / 1500, 2);
    const served = Buffer.from(await (await fetch(res.body.url)).arrayBuffer());
    expect(await sharp(served).metadata()).toMatchObject({ width, height });
  });
});

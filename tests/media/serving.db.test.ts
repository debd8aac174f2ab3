import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer, TestUser } from '../helpers/server.js';
import { scene } from './fixtures.js';
import { pathOf, startMediaServer, uploadForm } from './media-server.js';

describe('serving media files', () => {
  let t: TestServer;
  let alice: TestUser;
  let url: string;
  let bytes: Buffer;
  beforeAll(async () => {
    t = await startMediaServer();
    alice = await t.createUser('alice');
    const res = await t.request('POST', '/api/v2/media', { token: alice.token, multipart: uploadForm(await scene(3, 400, 300), 'a.png', 'image/png') });
    url = res.body.url;
    bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
  });
  afterAll(() => t?.close());

  it('serves a file for good, with its type and nosniff', async () => {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    const again = await fetch(url, { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('answers Range requests (a video player seeking)', async () => {
    const part = await fetch(url, { headers: { range: 'bytes=10-19' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(bytes.subarray(10, 20));
    const tail = await fetch(url, { headers: { range: 'bytes=-5' } });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(bytes.subarray(bytes.length - 5));
    const open = await fetch(url, { headers: { range: `bytes=${bytes.length - 3}-` } });
    expect(Buffer.from(await open.arrayBuffer())).toEqual(bytes.subarray(bytes.length - 3));
    const beyond = await fetch(url, { headers: { range: `bytes=${bytes.length}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
  });

  it('answers 404 for a bad key, a missing file, and a raw upload waiting for its job', async () => {
    const path = pathOf(url);
    for (const bad of [
      '/system/media/../../secret.key',
      '/system/media/%2e%2e/%2e%2e/db.sqlite',
      '/system/media/original/zz/zz/nothing.jpg',
      path.replace(/[0-9a-f]{64}/, 'f'.repeat(64)),
      path.replace('/original/', '/incoming/').replace(/\.jpg$/, '.bin'),
      '/system/media/',
    ]) {
      const res = await t.get(bad);
      expect(res.status, bad).toBe(404);
    }
  });
});

describe('serving media files under the shield', () => {
  let shielded: TestServer;
  beforeAll(async () => {
    // No uncached anonymous render at all is let in under attack, so a file that were counted as one would be shed.
    shielded = await startMediaServer({}, { shieldEnabled: true, shield: { anonConcurrencyUnderAttack: 0 } });
  });
  afterAll(() => shielded?.close());

  it('is not garbled by the shield: files and ranges fetched anonymously arrive whole and exact', async () => {
    const bob = await shielded.createUser('bob');
    const up = await shielded.request('POST', '/api/v2/media', { token: bob.token, multipart: uploadForm(await scene(8, 300, 200), 'b.png', 'image/png') });
    expect(up.status).toBe(200);
    const whole = Buffer.from(await (await fetch(up.body.url)).arrayBuffer());
    // Whole files and seeks, one after the other: the micro-cache must not answer a range with the whole file, nor
    // the whole file with a range.
    for (let i = 0; i < 10; i++) {
      const res = await fetch(up.body.url);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer())).toEqual(whole);
      const part = await fetch(up.body.url, { headers: { range: `bytes=${i}-${i + 9}` } });
      expect(part.status).toBe(206);
      expect(Buffer.from(await part.arrayBuffer())).toEqual(whole.subarray(i, i + 10));
    }
  });

  it("lets a page full of pictures load from one address: files have a budget of their own, not the anonymous reads'", async () => {
    const dan = await shielded.createUser('dan');
    const up = await shielded.request('POST', '/api/v2/media', { token: dan.token, multipart: uploadForm(await scene(5, 200, 150), 'd.png', 'image/png') });
    expect(up.status).toBe(200);
    // 80 images over six connections, as a browser loads a page: past the anonymous read burst (50 a second per
    // address) that files used to count against, and under attack, when
    // this server lets no uncached render in at all (files are not renders: they are never shed).
    const admin = await shielded.createUser('dan_admin', { role: 'admin' });
    const on = await shielded.post('/api/v1/admin/tribune/shield/attack', { token: admin.token, json: { mode: 'on' } });
    expect(on.body.attack_mode.active).toBe(true);
    const statuses: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, async (_, lane) => {
        for (let i = lane; i < 80; i += 6) {
          const res = await fetch(i % 2 ? up.body.url : up.body.preview_url);
          await res.arrayBuffer();
          statuses.push(res.status);
        }
      }),
    );
    expect(statuses).toHaveLength(80);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    await shielded.post('/api/v1/admin/tribune/shield/attack', { token: admin.token, json: { mode: 'off' } });
    // Counted against the files' budget, not the anonymous reads' (the shield's own tally of its decisions).
    const tally = (policy: string) =>
      shielded.ctx.shield.metrics
        .counters()
        .filter((c) => c.policy === policy)
        .reduce((n, c) => n + c.count, 0);
    expect(tally('files')).toBeGreaterThanOrEqual(80);
    expect(tally('anon-read')).toBe(0);
  });
});

describe('serving media from MEDIA_PUBLIC_URL', () => {
  let cdn: TestServer;
  beforeAll(async () => {
    cdn = await startMediaServer({ publicUrl: 'https://cdn.example.test/media' });
  });
  afterAll(() => cdn?.close());

  it('gives URLs on the CDN and lets the web app play media from it', async () => {
    const carol = await cdn.createUser('carol');
    const up = await cdn.request('POST', '/api/v2/media', { token: carol.token, multipart: uploadForm(await scene(9, 200, 150), 'c.png', 'image/png') });
    expect(up.body.url).toMatch(/^https:\/\/cdn\.example\.test\/media\/original\//);
    const page = await cdn.get('/', { headers: { accept: 'text/html' } });
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/media-src 'self' \S+ https:\/\/cdn\.example\.test blob:/);
    expect(csp).toMatch(/img-src \* blob:/);
  });
});

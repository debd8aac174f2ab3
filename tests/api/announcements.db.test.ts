import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestStream } from '../e2e/stream-client.js';
import { eventually, startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

const bin = join(import.meta.dirname, '../../bin/tribune.js');
const run = promisify(execFile);
// PGlite in memory cannot be opened by a second process: the CLI test needs SQLite or a PostgreSQL server.
// The command starts through tsx: on a loaded 2-core machine that alone has taken over two minutes.
const shareable = process.env.TRIBUNE_TEST_DB !== 'pg' || !!process.env.DATABASE_URL;

interface Announcement {
  id: string;
  content: string;
  read?: boolean;
  published_at: string;
  ends_at: string | null;
  all_day: boolean;
  mentions: Array<{ id: string; username: string }>;
  tags: Array<{ name: string; url: string }>;
  reactions: Array<{ name: string; count: number; me: boolean; url?: string; static_url?: string }>;
}

describe('announcements', () => {
  let t: TestServer;
  let admin: TestUser;
  let mod: TestUser;
  let ann: TestUser;
  let ben: TestUser;
  const streams: TestStream[] = [];
  beforeAll(async () => {
    t = await startTestServer();
    admin = await t.createUser('boss', { role: 'admin' });
    mod = await t.createUser('mod', { role: 'moderator' });
    ann = await t.createUser('ann');
    ben = await t.createUser('ben');
  });
  afterAll(async () => {
    for (const s of streams) await s.close();
    await t?.close();
  });

  const list = (who: TestUser, query = '') => t.ok<Announcement[]>('GET', `/api/v1/announcements${query}`, who);
  const post = (json: unknown, who = admin) => t.request('POST', '/api/v1/admin/tribune/announcements', { token: who.token, json });

  it('lets only admins post; content is rendered like a post, with mentions and tags', async () => {
    expect((await post({ text: 'hi' }, mod)).status).toBe(403);
    expect((await post({ text: 'hi' }, ann)).status).toBe(403);
    const res = await post({ text: 'Maintenance tonight, @ann: see https://status.example.org #news' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ published: true, text: 'Maintenance tonight, @ann: see https://status.example.org #news' });
    const [a, ...rest] = await list(ben);
    expect(rest).toEqual([]);
    expect(a).toMatchObject({
      id: res.body.id,
      read: false,
      all_day: false,
      ends_at: null,
      reactions: [],
      mentions: [{ id: ann.id, username: 'ann' }],
      tags: [{ name: 'news' }],
    });
    expect(a!.content).toContain('class="u-url mention"');
    expect(a!.content).toContain('href="https://status.example.org"');
    expect(a!.content).toContain('rel="tag"');
    expect((await t.get('/api/v1/announcements')).status).toBe(401);
  });

  it('refuses a blank text, a bad date and an end before the start, naming the field', async () => {
    const blank = await post({ text: '  ' });
    expect(blank.status).toBe(422);
    expect(blank.body.error).toMatch(/text/);
    const bad = await post({ text: 'x', ends_at: 'tomorrow-ish' });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatch(/ends_at/);
    const order = await post({ text: 'x', starts_at: '2030-01-02', ends_at: '2030-01-01' });
    expect(order.status).toBe(422);
    expect(order.body.error).toMatch(/ends_at/);
  });

  it('keeps drafts and ended ones out of the list; publishing and editing show them', async () => {
    const draft = (await post({ text: 'not yet', published: false })).body;
    const ended = (await post({ text: 'over', ends_at: new Date(Date.now() - 60_000).toISOString() })).body;
    const texts = async () => (await list(ben)).map((a) => a.content);
    expect(await texts()).not.toContain('<p>not yet</p>');
    expect(await texts()).not.toContain('<p>over</p>');
    const published = await t.ok('PUT', `/api/v1/admin/tribune/announcements/${draft.id}`, admin, {
      published: true,
      text: 'now it is',
      all_day: true,
      starts_at: '2030-01-01',
      ends_at: '2030-01-02',
    });
    expect(published).toMatchObject({ published: true, all_day: true, starts_at: '2030-01-01T00:00:00.000Z' });
    expect(await texts()).toContain('<p>now it is</p>');
    const all = await t.ok<Array<{ id: string }>>('GET', '/api/v1/admin/tribune/announcements', admin);
    expect(all.map((a) => a.id)).toEqual(expect.arrayContaining([draft.id, ended.id]));
    expect((await t.get(`/api/v1/admin/tribune/announcements/${draft.id}`, { token: mod.token })).status).toBe(403);
  });

  it('dismisses per person', async () => {
    const [first] = await list(ann);
    await t.ok('POST', `/api/v1/announcements/${first!.id}/dismiss`, ann);
    expect((await list(ann)).map((a) => a.id)).not.toContain(first!.id);
    expect((await list(ann, '?with_dismissed=true')).find((a) => a.id === first!.id)).toMatchObject({ read: true });
    expect((await list(ben)).map((a) => a.id)).toContain(first!.id);
    expect((await t.post('/api/v1/announcements/1/dismiss', { token: ann.token })).status).toBe(404);
  });

  it('counts emoji reactions with `me`, and refuses what is not an emoji', async () => {
    const [a] = await list(ben);
    const react = (who: TestUser, method: 'PUT' | 'DELETE', name: string) =>
      t.request(method, `/api/v1/announcements/${a!.id}/reactions/${encodeURIComponent(name)}`, { token: who.token });
    expect((await react(ben, 'PUT', '👍')).status).toBe(200);
    expect((await react(ben, 'PUT', '👍')).status).toBe(200);
    expect((await react(ann, 'PUT', '👍')).status).toBe(200);
    expect((await react(ann, 'PUT', '🎉')).status).toBe(200);
    expect((await list(ben)).find((x) => x.id === a!.id)!.reactions).toEqual([
      { name: '👍', count: 2, me: true },
      { name: '🎉', count: 1, me: false },
    ]);
    expect((await react(ben, 'DELETE', '👍')).status).toBe(200);
    expect((await list(ben)).find((x) => x.id === a!.id)!.reactions[0]).toEqual({ name: '👍', count: 1, me: false });
    const bad = await react(ben, 'PUT', 'blobcat');
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatch(/name/);
  });

  it('takes a custom emoji as a reaction, with its image, and lists those the text names in `emojis`', async () => {
    const image = new FormData();
    image.append('shortcode', 'blobcat');
    const png = await sharp({ create: { width: 16, height: 16, channels: 4, background: { r: 250, g: 120, b: 0, alpha: 1 } } })
      .png()
      .toBuffer();
    image.append('image', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'blobcat.png');
    expect((await t.request('POST', '/api/v1/admin/tribune/custom_emojis', { token: admin.token, multipart: image })).status).toBe(200);
    const created = (await post({ text: 'Party time :blobcat: :nosuch:' })).body as Announcement & { emojis: Array<{ shortcode: string; url: string }> };
    expect(created.emojis.map((e) => e.shortcode)).toEqual(['blobcat']);
    const react = (method: 'PUT' | 'DELETE', name: string) =>
      t.request(method, `/api/v1/announcements/${created.id}/reactions/${encodeURIComponent(name)}`, { token: ann.token });
    expect((await react('PUT', 'blobcat')).status).toBe(200);
    // Written with colons it is the same reaction.
    expect((await react('PUT', ':blobcat:')).status).toBe(200);
    expect((await react('PUT', 'nosuch')).status).toBe(422);
    const seen = (await list(ann)).find((x) => x.id === created.id)!;
    expect(seen.reactions).toEqual([
      { name: 'blobcat', count: 1, me: true, url: expect.stringMatching(/\.png$/), static_url: expect.stringMatching(/\.png$/) },
    ]);
    expect((await fetch(seen.reactions[0]!.url!)).status).toBe(200);
    expect((await react('DELETE', 'blobcat')).status).toBe(200);
    expect((await list(ann)).find((x) => x.id === created.id)!.reactions).toEqual([]);
    await t.ok('DELETE', `/api/v1/admin/tribune/announcements/${created.id}`, admin);
  });

  it('streams announcement, announcement.reaction and announcement.delete to user streams', async () => {
    const s = await TestStream.open(`${t.url.replace(/^http/, 'ws')}/api/v1/streaming?access_token=${ben.token}&stream=user`);
    streams.push(s);
    await eventually(() => expect(t.ctx.events.listenerCount()).toBeGreaterThan(0));
    const created = (await post({ text: 'live news' })).body;
    const m = await s.next((x) => x.event === 'announcement');
    expect(m.stream).toEqual(['user']);
    expect(JSON.parse(m.payload!)).toMatchObject({ id: created.id, content: '<p>live news</p>' });
    await t.request('PUT', `/api/v1/announcements/${created.id}/reactions/${encodeURIComponent('❤️')}`, { token: ann.token });
    const r = await s.next((x) => x.event === 'announcement.reaction');
    expect(JSON.parse(r.payload!)).toEqual({ name: '❤️', count: 1, announcement_id: created.id });
    await t.ok('DELETE', `/api/v1/admin/tribune/announcements/${created.id}`, admin);
    const d = await s.next((x) => x.event === 'announcement.delete');
    expect(d.payload).toBe(created.id);
    expect((await list(ben)).map((a) => a.id)).not.toContain(created.id);
    // An edit that ends one now takes it off open clients too.
    const ending = (await post({ text: 'ends soon' })).body;
    await s.next((x) => x.event === 'announcement' && JSON.parse(x.payload!).id === ending.id);
    const past = new Date(Date.now() - 60_000).toISOString();
    expect(
      (
        await t.request('PUT', `/api/v1/admin/tribune/announcements/${ending.id}`, {
          token: admin.token,
          json: { starts_at: new Date(Date.now() - 120_000).toISOString(), ends_at: past },
        })
      ).status,
    ).toBe(200);
    const ended = await s.next((x) => x.event === 'announcement.delete' && x.payload === ending.id);
    expect(ended.stream).toEqual(['user']);
  });

  it.skipIf(!shareable)('`tribune admin announce` posts one from the shell', { timeout: 300_000 }, async () => {
    const env = {
      PATH: process.env.PATH,
      DATA_DIR: t.ctx.config.dataDir,
      DATABASE_URL: t.ctx.config.databaseUrl,
      LOG_LEVEL: 'silent',
      SECRET_KEY: t.ctx.config.secretKey,
    };
    const { stdout } = await run(process.execPath, [bin, 'admin', 'announce', 'Back in an hour', '--ends', '2h'], { env, encoding: 'utf8', timeout: 280_000 });
    expect(stdout).toMatch(/^Published announcement \d+, until /);
    const shown = (await list(ben)).find((a) => a.content === '<p>Back in an hour</p>');
    expect(shown).toBeDefined();
    const ends = Date.parse(shown!.ends_at!) - Date.now();
    expect(ends).toBeGreaterThan(3_600_000);
    expect(ends).toBeLessThanOrEqual(7_200_000);
  });
});

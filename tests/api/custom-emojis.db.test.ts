import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAccounts } from '../../src/api/render/accounts.js';
import { loadStatusesByIds } from '../../src/domain/statuses/status-loader.js';
import { importHashList } from '../../src/media/hash-lists/hash-lists.service.js';
import { countStatements } from '../helpers/query-count.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

const bin = join(import.meta.dirname, '../../bin/tribune.js');
const run = promisify(execFile);
// PGlite in memory cannot be opened by a second process: the CLI test needs SQLite or a PostgreSQL server.
const shareable = process.env.TRIBUNE_TEST_DB !== 'pg' || !!process.env.DATABASE_URL;

interface Emoji {
  id: string;
  shortcode: string;
  url: string;
  static_url: string;
  visible_in_picker: boolean;
  category: string | null;
}

const png = (size = 32, colour = { r: 200, g: 40, b: 90, alpha: 1 }) =>
  sharp({ create: { width: size, height: size, channels: 4, background: colour } })
    .png()
    .toBuffer();

// Random pixels do not compress: a 400x400 RGB PNG is about 480 KB.
const bigPng = () => {
  const raw = Buffer.alloc(400 * 400 * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = Math.floor(Math.random() * 256);
  return sharp(raw, { raw: { width: 400, height: 400, channels: 3 } })
    .png()
    .toBuffer();
};

// Two frames of different colours joined into an animated GIF.
const animatedGif = async () => {
  const frames = await Promise.all([png(16), png(16, { r: 10, g: 200, b: 10, alpha: 1 })]);
  return sharp(frames, { join: { animated: true } })
    .gif()
    .toBuffer();
};

function form(fields: Record<string, string>, image?: { bytes: Buffer; type: string; name: string }): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  if (image) f.append('image', new Blob([new Uint8Array(image.bytes)], { type: image.type }), image.name);
  return f;
}

describe('custom emojis', () => {
  let t: TestServer;
  let admin: TestUser;
  let mod: TestUser;
  let ann: TestUser;
  beforeAll(async () => {
    t = await startTestServer();
    admin = await t.createUser('boss', { role: 'admin' });
    mod = await t.createUser('mod', { role: 'moderator' });
    ann = await t.createUser('ann');
    // PGlite on a loaded machine has taken over a minute to start a server.
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  const add = async (who: TestUser, fields: Record<string, string>, image?: { bytes: Buffer; type: string; name: string }) =>
    t.request('POST', '/api/v1/admin/tribune/custom_emojis', { token: who.token, multipart: form(fields, image) });
  const keyOf = (url: string) => url.slice(url.indexOf('/system/media/') + '/system/media/'.length);

  it('lists none before any is added', async () => {
    expect(await t.ok('GET', '/api/v1/custom_emojis', ann)).toEqual([]);
  });

  it('lets an admin add one over multipart; the list shows it and its file is served', async () => {
    const bytes = await png();
    expect((await add(mod, { shortcode: 'blobcat' }, { bytes, type: 'image/png', name: 'b.png' })).status).toBe(403);
    expect((await add(ann, { shortcode: 'blobcat' }, { bytes, type: 'image/png', name: 'b.png' })).status).toBe(403);
    const res = await add(admin, { shortcode: 'blobcat', category: 'Cats' }, { bytes, type: 'image/png', name: 'b.png' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ shortcode: 'blobcat', category: 'Cats', visible_in_picker: true });
    const list = await t.ok<Emoji[]>('GET', '/api/v1/custom_emojis', ann);
    expect(list).toEqual([{ shortcode: 'blobcat', url: res.body.url, static_url: res.body.url, visible_in_picker: true, category: 'Cats' }]);
    // Anonymous clients (Phanpy and Elk ask before signing in) get the same list.
    expect((await t.get<Emoji[]>('/api/v1/custom_emojis')).body.map((e) => e.shortcode)).toEqual(['blobcat']);
    const file = await fetch(list[0]!.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await file.arrayBuffer()).equals(bytes)).toBe(true);
    const admins = await t.ok<Array<Emoji & { id: string }>>('GET', '/api/v1/admin/tribune/custom_emojis', admin);
    expect(admins.map((e) => e.shortcode)).toEqual(['blobcat']);
    expect((await t.request('GET', '/api/v1/admin/tribune/custom_emojis', { token: ann.token })).status).toBe(403);
  });

  it('refuses an image on a hash list, naming the image, without opening a case against the admin', async () => {
    const bytes = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#c03' } })
      .png()
      .toBuffer();
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await importHashList(t.ctx, { source: 'emoji-test', text: `sha256:${sha256},violence\n` });
    const cases = async () =>
      Number(
        (
          await t.ctx.db
            .selectFrom('moderation_cases')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await cases();
    const res = await add(admin, { shortcode: 'listed' }, { bytes, type: 'image/png', name: 'listed.png' });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatch(/image matches a list of known violent content/);
    expect(await cases()).toBe(before);
    expect((await t.ok<Emoji[]>('GET', '/api/v1/custom_emojis', ann)).map((e) => e.shortcode)).not.toContain('listed');
  });

  it('answers 404 for a key that is neither a shortcode nor an id (a number past 64 bits included)', async () => {
    for (const key of ['nosuchemoji', '9223372036854775808', '9'.repeat(300)])
      expect((await t.request('DELETE', `/api/v1/admin/tribune/custom_emojis/${key}`, { token: admin.token })).status, key).toBe(404);
  });

  it("keeps an emoji's file when an upload with the same bytes (the same key) is deleted", async () => {
    const [emoji] = await t.ok<Emoji[]>('GET', '/api/v1/custom_emojis', ann);
    const key = keyOf(emoji!.url);
    // An upload naming the very same file, as content addressing would make for identical bytes.
    const id = await t.seedMedia(ann);
    await t.ctx.db.updateTable('media_attachments').set({ file_path: key, preview_path: key }).where('id', '=', id).execute();
    expect((await t.request('DELETE', `/api/v1/media/${id}`, { token: ann.token })).status).toBe(200);
    expect((await fetch(emoji!.url)).status).toBe(200);
  });

  it('refuses a bad shortcode, a taken one, a file too large, not an image or of another format, naming the field', async () => {
    const bytes = await png(24, { r: 1, g: 2, b: 3, alpha: 1 });
    const image = { bytes, type: 'image/png', name: 'x.png' };
    for (const shortcode of ['a', 'has space', 'dash-ed', 'x'.repeat(31), 'émoji']) {
      const r = await add(admin, { shortcode }, image);
      expect(r.status, shortcode).toBe(422);
      expect(r.body.error).toMatch(/shortcode/);
    }
    const taken = await add(admin, { shortcode: 'blobcat' }, image);
    expect(taken.status).toBe(422);
    expect(taken.body.error).toMatch(/shortcode :blobcat: is already taken/);
    const big = await add(admin, { shortcode: 'big' }, { bytes: await bigPng(), type: 'image/png', name: 'big.png' });
    expect(big.status).toBe(422);
    expect(big.body.error).toMatch(/image is too large .* 256 KB/);
    const text = await add(admin, { shortcode: 'text' }, { bytes: Buffer.from('hello, not an image'), type: 'image/png', name: 't.png' });
    expect(text.status).toBe(422);
    expect(text.body.error).toMatch(/image/);
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#abc' } })
      .jpeg()
      .toBuffer();
    const other = await add(admin, { shortcode: 'jpeg' }, { bytes: jpeg, type: 'image/jpeg', name: 'j.jpg' });
    expect(other.status).toBe(422);
    expect(other.body.error).toMatch(/image must be a PNG, GIF or WebP/);
    const none = await add(admin, { shortcode: 'none' });
    expect(none.status).toBe(422);
    expect(none.body.error).toMatch(/image/);
    const list = await t.ok<Emoji[]>('GET', '/api/v1/custom_emojis', ann);
    expect(list.map((e) => e.shortcode)).toEqual(['blobcat']);
  });

  it('gives an animated one a still PNG as static_url', async () => {
    const res = await add(admin, { shortcode: 'party_parrot', visible_in_picker: 'false' }, { bytes: await animatedGif(), type: 'image/gif', name: 'p.gif' });
    expect(res.status).toBe(200);
    expect(res.body.url).toMatch(/\.gif$/);
    expect(res.body.static_url).toMatch(/\.png$/);
    expect(res.body.visible_in_picker).toBe(false);
    const still = await t.ctx.mediaStorage.get(keyOf(res.body.static_url));
    expect((await sharp(still!).metadata()).format).toBe('png');
  });

  it('puts the emojis a post, a display name and a bio name in their entities, only those that exist', async () => {
    await t.ok('PATCH', '/api/v1/accounts/update_credentials', ann, { display_name: 'Ann :blobcat:', note: 'I like :party_parrot: and :nope:' });
    const status = await t.postStatus(ann, 'Hello :blobcat: and :unknown_one: :blobcat:');
    expect(status.emojis.map((e: Emoji) => e.shortcode)).toEqual(['blobcat']);
    expect(status.emojis[0]).toMatchObject({ url: expect.stringMatching(/\/system\/media\/original\//), visible_in_picker: true });
    const seen = await t.ok('GET', `/api/v1/statuses/${status.id}`, admin);
    expect(seen.emojis.map((e: Emoji) => e.shortcode)).toEqual(['blobcat']);
    expect(seen.account.emojis.map((e: Emoji) => e.shortcode)).toEqual(['blobcat', 'party_parrot']);
    const home = await t.ok<Array<{ id: string; emojis: Emoji[] }>>('GET', `/api/v1/accounts/${ann.id}/statuses`, admin);
    expect(home.find((s) => s.id === status.id)!.emojis.map((e) => e.shortcode)).toEqual(['blobcat']);
    const plain = await t.postStatus(ann, 'Nothing here at 10:30:45');
    expect(plain.emojis).toEqual([]);
  });

  it('gives every Account entity the emojis of its display name and bio, outside posts too', async () => {
    // ann is 'Ann :blobcat:' with ':party_parrot:' in her bio (the test above).
    const codes = (a: { emojis: Emoji[] } | undefined) => a?.emojis.map((e) => e.shortcode);
    const both = ['blobcat', 'party_parrot'];
    const me = await t.ok('GET', '/api/v1/accounts/verify_credentials', ann);
    expect(codes(me)).toEqual(both);
    expect(me.emojis[0]).toMatchObject({ url: expect.stringMatching(/\/system\/media\/original\//), static_url: expect.any(String), visible_in_picker: true });
    expect(codes(await t.ok('PATCH', '/api/v1/accounts/update_credentials', ann, { locked: false }))).toEqual(both);
    expect(codes(await t.ok('GET', `/api/v1/accounts/${ann.id}`, admin))).toEqual(both);
    expect(codes(await t.get(`/api/v1/accounts/${ann.id}`).then((r) => r.body))).toEqual(both);
    expect(codes(await t.ok('GET', '/api/v1/accounts/lookup?acct=ann', admin))).toEqual(both);
    expect((await t.ok('GET', `/api/v1/accounts?id[]=${ann.id}&id[]=${mod.id}`, admin)).map(codes)).toEqual([both, []]);
    expect(codes((await t.ok('GET', '/api/v1/accounts/search?q=ann', admin)).find((a: { id: string }) => a.id === ann.id))).toEqual(both);
    expect(codes((await t.ok('GET', '/api/v2/search?q=ann&type=accounts', admin)).accounts.find((a: { id: string }) => a.id === ann.id))).toEqual(both);
    await t.ok('POST', `/api/v1/accounts/${ann.id}/follow`, mod);
    await t.ok('POST', `/api/v1/accounts/${mod.id}/follow`, ann);
    expect((await t.ok('GET', `/api/v1/accounts/${mod.id}/followers`, admin)).map(codes)).toEqual([both]);
    expect((await t.ok('GET', `/api/v1/accounts/${mod.id}/following`, admin)).map(codes)).toEqual([both]);
    const follow = (await t.ok('GET', '/api/v1/notifications', mod)).find((n: { type: string }) => n.type === 'follow');
    expect(codes(follow.account)).toEqual(both);
    // An edit history: the author, and each version's own emojis.
    const post = await t.postStatus(ann, 'First :blobcat:');
    await t.ok('PUT', `/api/v1/statuses/${post.id}`, ann, { status: 'Then :party_parrot: only' });
    const history = await t.ok<Array<{ account: { emojis: Emoji[] }; emojis: Emoji[] }>>('GET', `/api/v1/statuses/${post.id}/history`, admin);
    expect(history.map((v) => v.emojis.map((e) => e.shortcode))).toEqual([['blobcat'], ['party_parrot']]);
    expect(codes(history[0]!.account)).toEqual(both);
    // A name whose shortcodes name no emoji, or none at all, has none.
    expect(codes(await t.ok('GET', '/api/v1/accounts/verify_credentials', mod))).toEqual([]);
  });

  it('reads the emojis of one account and of forty in one statement more than accounts naming none', async () => {
    const named: TestUser[] = [];
    for (let i = 0; i < 40; i++) {
      const u = await t.createUser(`emo${i}`);
      await t.ok('PATCH', '/api/v1/accounts/update_credentials', u, {
        display_name: i % 2 ? `E${i} :blobcat:` : `E${i}`,
        note: `bio :party_parrot: :nope${i}:`,
      });
      named.push(u);
    }
    const rows = async (users: TestUser[]) =>
      t.ctx.db
        .selectFrom('accounts')
        .selectAll()
        .where(
          'id',
          'in',
          users.map((u) => u.id),
        )
        .execute();
    const render = (some: Awaited<ReturnType<typeof rows>>) => countStatements(t.ctx, (ctx) => renderAccounts(ctx, some));
    const none = await render(await rows([mod, admin]));
    const one = await render(await rows(named.slice(1, 2)));
    const forty = await render(await rows(named));
    expect(none.statements).toBe(0);
    expect(one.statements).toBe(1);
    expect(forty.statements).toBe(1);
    expect(one.result[0]!.emojis.map((e) => e.shortcode)).toEqual(['blobcat', 'party_parrot']);
    expect(forty.result.filter((a) => a.emojis.length === 2)).toHaveLength(20);
  });

  it('reads the emojis of one post and of forty in one statement more than a page naming none', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push((await t.postStatus(admin, i % 2 ? `Post ${i} :blobcat: :nope${i}:` : `Post ${i} :party_parrot:`)).id);
    const plain: string[] = [];
    for (let i = 0; i < 3; i++) plain.push((await t.postStatus(mod, `Plain ${i}`)).id);
    const load = (some: string[]) => countStatements(t.ctx, (ctx) => loadStatusesByIds(ctx, some, ann.id, { filterContext: 'home' }), { coldParts: true });
    const none = await load(plain);
    const one = await load(ids.slice(1, 2));
    const forty = await load(ids);
    expect(one.result.emojis.size).toBe(1);
    expect([...forty.result.emojis.keys()].sort()).toEqual(['blobcat', 'party_parrot']);
    expect(one.statements).toBe(none.statements + 1);
    expect(forty.statements).toBe(one.statements);
  });

  it('deletes one with its file; posts no longer carry it', async () => {
    const [emoji] = (await t.ok<Emoji[]>('GET', '/api/v1/custom_emojis', ann)).filter((e) => e.shortcode === 'blobcat');
    const key = keyOf(emoji!.url);
    expect(await t.ctx.mediaStorage.get(key)).not.toBeNull();
    expect((await t.request('DELETE', '/api/v1/admin/tribune/custom_emojis/blobcat', { token: mod.token })).status).toBe(403);
    const del = await t.request('DELETE', '/api/v1/admin/tribune/custom_emojis/blobcat', { token: admin.token });
    expect(del.status).toBe(200);
    expect(await t.ctx.mediaStorage.get(key)).toBeNull();
    expect((await t.request('DELETE', '/api/v1/admin/tribune/custom_emojis/blobcat', { token: admin.token })).status).toBe(404);
    expect((await t.ok<Emoji[]>('GET', '/api/v1/custom_emojis', ann)).map((e) => e.shortcode)).toEqual(['party_parrot']);
    const status = await t.postStatus(ann, 'Gone :blobcat:');
    expect(status.emojis).toEqual([]);
    // By id works too.
    const parrot = (await t.ok<Array<{ id: string; shortcode: string }>>('GET', '/api/v1/admin/tribune/custom_emojis', admin))[0]!;
    expect((await t.request('DELETE', `/api/v1/admin/tribune/custom_emojis/${parrot.id}`, { token: admin.token })).status).toBe(200);
    expect(await t.ok('GET', '/api/v1/custom_emojis', ann)).toEqual([]);
  });

  it('writes adding and deleting to the audit log', async () => {
    const rows = await t.ctx.db.selectFrom('moderation_audit_log').select(['action', 'actor_id']).where('action', 'like', 'custom_emoji.%').execute();
    expect(rows.filter((r) => r.action === 'custom_emoji.create')).toHaveLength(2);
    expect(rows.filter((r) => r.action === 'custom_emoji.delete')).toHaveLength(2);
    expect(rows.every((r) => r.actor_id === admin.id)).toBe(true);
  });

  it.skipIf(!shareable)('`tribune admin emoji` adds, lists and deletes one from the shell', { timeout: 600_000 }, async () => {
    const env = {
      PATH: process.env.PATH,
      DATA_DIR: t.ctx.config.dataDir,
      DATABASE_URL: t.ctx.config.databaseUrl,
      LOG_LEVEL: 'silent',
      SECRET_KEY: t.ctx.config.secretKey,
    };
    const file = join(t.ctx.config.dataDir, 'wave.png');
    await writeFile(file, await png(20, { r: 0, g: 0, b: 255, alpha: 1 }));
    const cli = (...args: string[]) => run(process.execPath, [bin, 'admin', 'emoji', ...args], { env, encoding: 'utf8', timeout: 280_000 });
    expect((await cli('add', 'wave', file, '--category', 'Hands', '--by', 'boss')).stdout).toMatch(/^Added :wave: in Hands\./);
    const [wave] = await t.ok<Emoji[]>('GET', '/api/v1/custom_emojis', ann);
    expect(wave).toMatchObject({ shortcode: 'wave', category: 'Hands' });
    expect(await t.ctx.mediaStorage.get(keyOf(wave!.url))).not.toBeNull();
    const bad = await cli('add', 'no good', file).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 1, stderr: expect.stringMatching(/shortcode/) });
    expect((await cli('list')).stdout).toMatch(/^:wave: {2}Hands {2}image\/png/);
    expect((await cli('delete', 'wave')).stdout).toMatch(/^Deleted :wave:/);
    expect(await t.ok('GET', '/api/v1/custom_emojis', ann)).toEqual([]);
    expect(await t.ctx.mediaStorage.get(keyOf(wave!.url))).toBeNull();
    const audit = await t.ctx.db
      .selectFrom('moderation_audit_log')
      .select(['action', 'actor_id'])
      .where('target_type', '=', 'instance')
      .where('action', 'like', 'custom_emoji.%')
      .execute();
    expect(audit.filter((r) => r.actor_id === null).map((r) => r.action)).toEqual(['custom_emoji.delete']);
  });
});

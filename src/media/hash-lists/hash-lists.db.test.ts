import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../../../tests/helpers/server.js';
import { PDQ_IMAGES } from '../pdq/reference-dir.js';
import { deleteHashList, importHashList, listHashLists } from './hash-lists.service.js';
import { matchImage } from './matcher.js';

const IMAGES = PDQ_IMAGES;
const bridge = readFileSync(join(IMAGES, 'reg-test-input/dih/bridge-1-original.jpg'));
const pen = readFileSync(join(IMAGES, 'reg-test-input/pen-and-coaster.png'));
// The C++ reference hash of bridge-1-original.jpg, as a hash-sharing programme would publish it.
const BRIDGE_PDQ = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';
const OTHER_PDQ = '1f811b9d267fbc6693c0c7f30e041f9df49b836303e10f067fcdfc12c02d01f9';

let t: TestServer;
let admin: TestUser;
let moderator: TestUser;
let user: TestUser;

beforeAll(async () => {
  t = await startTestServer();
  admin = await t.createUser('hl_admin', { role: 'admin' });
  moderator = await t.createUser('hl_mod', { role: 'moderator' });
  user = await t.createUser('hl_user');
});
afterAll(() => t?.close());

describe('importing hash lists', () => {
  it('adds new hashes, skips those already in the list or repeated in the file, and counts by source', async () => {
    const text = `# test list\n${BRIDGE_PDQ},bridge\n${BRIDGE_PDQ},bridge again\nmd5:${'a'.repeat(32)},exact\n\n`;
    expect(await importHashList(t.ctx, { source: 'imp-good', text })).toMatchObject({ imported: true, added: 2, duplicates: 1, refused: 0 });
    expect(await importHashList(t.ctx, { source: 'imp-good', text: `${BRIDGE_PDQ},bridge\nsha256:${'b'.repeat(64)},x` })).toMatchObject({
      added: 1,
      duplicates: 1,
    });
    // The same hash in another list is an entry of that list.
    expect(await importHashList(t.ctx, { source: 'imp-other', text: `${BRIDGE_PDQ},bridge` })).toMatchObject({ added: 1, duplicates: 0 });
    const lists = await listHashLists(t.ctx.db);
    expect(lists.find((l) => l.source === 'imp-good')).toMatchObject({ total: 3, counts: { pdq: 1, md5: 1, sha256: 1 } });
  });

  it('refuses a file with bad lines, naming them, and writes nothing of it; skip_bad_lines loads the rest', async () => {
    const text = `${OTHER_PDQ},fine\nzz${OTHER_PDQ.slice(2)},bad hex\nmd5:abc,short\n`;
    const refused = await importHashList(t.ctx, { source: 'imp-bad', text });
    expect(refused).toMatchObject({ imported: false, added: 0, refused: 2 });
    expect(refused.badLines.map((b) => b.line)).toEqual([2, 3]);
    expect((await listHashLists(t.ctx.db)).find((l) => l.source === 'imp-bad')).toBeUndefined();
    expect(await importHashList(t.ctx, { source: 'imp-bad', text, skipBadLines: true })).toMatchObject({ imported: true, added: 1, refused: 2 });
  });

  it('refuses a source name that is not a plain name, and deleting an unknown list is a 404', async () => {
    await expect(importHashList(t.ctx, { source: 'a b/c', text: '' })).rejects.toThrow(/source must be/);
    await expect(deleteHashList(t.ctx, 'never-loaded')).rejects.toMatchObject({ status: 404 });
  });
});

describe('the hash lists admin API', () => {
  const path = '/api/v1/admin/tribune/hash_lists';

  it('lets an admin load a list as a file or as text, list the sources and delete one', async () => {
    const form = new FormData();
    form.set('source', 'api-file');
    form.set('file', new File([`${OTHER_PDQ},coaster\nmd5:${'c'.repeat(32)},exact\n`], 'list.csv', { type: 'text/csv' }));
    const fromFile = await t.post(path, { token: admin.token, multipart: form });
    expect(fromFile.status).toBe(200);
    expect(fromFile.body).toEqual({ source: 'api-file', added: 2, duplicates: 0, refused: 0, bad_lines: [] });
    const fromText = await t.post(path, { token: admin.token, json: { source: 'api-text', text: `${OTHER_PDQ},coaster` } });
    expect(fromText.body).toMatchObject({ added: 1 });
    const listed = await t.get(path, { token: moderator.token });
    expect(listed.status).toBe(200);
    expect(listed.body.find((l: { source: string }) => l.source === 'api-file')).toMatchObject({ total: 2, pdq: 1, md5: 1, sha256: 0 });
    const deleted = await t.request('DELETE', `${path}/api-text`, { token: admin.token });
    expect(deleted.body).toEqual({ source: 'api-text', removed: 1 });
    expect((await t.get(path, { token: admin.token })).body.map((l: { source: string }) => l.source)).not.toContain('api-text');
  });

  it('answers 422 with the bad lines and loads nothing', async () => {
    const r = await t.post(path, { token: admin.token, json: { source: 'api-bad', text: `${OTHER_PDQ},ok\nnope,bad` } });
    expect(r.status).toBe(422);
    expect(r.body.error).toMatch(/Nothing imported: 1 bad line/);
    expect(r.body.details.bad_lines).toEqual([{ line: 2, error: expect.stringMatching(/hex digits/) }]);
    const none = await t.post(path, { token: admin.token, json: { source: 'api-bad' } });
    expect(none.status).toBe(422);
  });

  it('is staff only: 403 for a person without a staff role, and changing lists is for admins', async () => {
    expect((await t.get(path, { token: user.token })).status).toBe(403);
    expect((await t.post(path, { token: user.token, json: { source: 'x', text: `${OTHER_PDQ},x` } })).status).toBe(403);
    expect((await t.request('DELETE', `${path}/api-file`, { token: user.token })).status).toBe(403);
    expect((await t.post(path, { token: moderator.token, json: { source: 'x', text: `${OTHER_PDQ},x` } })).status).toBe(403);
    expect((await t.get(path)).status).toBe(401);
  });
});

describe('matching an image against the lists', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    await importHashList(t.ctx, { source: 'match', text: `${BRIDGE_PDQ},bridge photo\nmd5:${createHash('md5').update(pen).digest('hex')},coaster file` });
  });

  it('matches a listed image re-encoded as WebP, shrunk to half size and mirrored', async () => {
    const copy = await sharp(bridge).resize(800).flop().webp({ quality: 70 }).toBuffer();
    const r = await matchImage(t.ctx, copy);
    expect(r.match).toMatchObject({ kind: 'pdq', hash: BRIDGE_PDQ, label: expect.stringMatching(/^bridge/), variant: 'flipY' });
    expect(r.match!.distance).toBeLessThanOrEqual(31);
    expect(r.pdq!.quality).toBe(100);
  });

  it('does not match an unlisted image', async () => {
    const other = await sharp(join(IMAGES, 'reg-test-input/labelme-subset/q2821.jpg')).webp().toBuffer();
    const r = await matchImage(t.ctx, other);
    expect(r.match).toBeNull();
    expect(r.pdq?.quality).toBe(100);
  });

  it('matches an md5-listed file exactly, and not a re-encoded copy of it', async () => {
    const exact = await matchImage(t.ctx, pen);
    expect(exact.match).toMatchObject({ kind: 'md5', label: 'coaster file', source: 'match', distance: 0 });
    // Other bytes: no md5 match (its PDQ hash is in other lists of this file, so a PDQ match may remain).
    const reencoded = await sharp(pen).jpeg().toBuffer();
    const r = await matchImage(t.ctx, reencoded);
    expect(r.match?.kind).not.toBe('md5');
  });

  it('does not match on a hash of quality at or below the threshold', async () => {
    const flat = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#7f7f7f' } })
      .png()
      .toBuffer();
    const r = await matchImage(t.ctx, flat);
    await importHashList(t.ctx, { source: 'flat', text: `${r.pdq!.hash},a flat grey square` });
    expect(r.pdq!.quality).toBeLessThanOrEqual(49);
    expect((await matchImage(t.ctx, flat)).match).toBeNull();
  });

  it('sees a list changed by another process within seconds', async () => {
    const unlisted = await sharp(join(IMAGES, 'reg-test-input/labelme-subset/q1050.jpg')).png().toBuffer();
    const before = await matchImage(t.ctx, unlisted);
    expect(before.match).toBeNull();
    // Another process (the CLI) writes to the database without telling this one's matcher.
    await importHashList({ db: t.ctx.db }, { source: 'elsewhere', text: `${before.pdq!.hash},added elsewhere` });
    await expect.poll(async () => (await matchImage(t.ctx, unlisted)).match?.source, { timeout: 5_000 }).toBe('elsewhere');
    await deleteHashList({ db: t.ctx.db }, 'elsewhere');
    await expect.poll(async () => (await matchImage(t.ctx, unlisted)).match, { timeout: 5_000 }).toBeNull();
  });
});

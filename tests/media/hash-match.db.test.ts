import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importHashList } from '../../src/media/hash-lists/hash-lists.service.js';
import { hashToHex } from '../../src/media/pdq/hash256.js';
import { pdqOfImage } from '../../src/media/pdq/image.js';
import type { TestServer, TestUser } from '../helpers/server.js';
import { scene } from './fixtures.js';
import { mediaRows, STORAGE_BACKENDS, startMediaServerOn, storedKeys, uploadForm } from './media-server.js';

describe.each(STORAGE_BACKENDS)('uploads matched against the hash lists, on $name', (backend) => {
  let t: TestServer;
  let mallory: TestUser;
  let listed: Buffer;
  beforeAll(async () => {
    t = await startMediaServerOn(backend);
    mallory = await t.createUser('mallory');
    listed = await scene(1234, 1000, 750);
    const pdq = await pdqOfImage(listed);
    expect(pdq.quality).toBeGreaterThan(49);
    const r = await importHashList(t.ctx, { source: 'tcap-test', text: `${hashToHex(pdq.hash)},violence\n` });
    expect(r.added).toBe(1);
  });
  afterAll(() => t?.close());

  const upload = (bytes: Buffer, name: string, type: string) =>
    t.request('POST', '/api/v2/media', { token: mallory.token, multipart: uploadForm(bytes, name, type) });

  it('blocks a listed image and its re-encoded, shrunk and mirrored copies, stores nothing, and opens a case', async () => {
    const copies: Array<[string, Buffer, string]> = [
      ['the listed image', listed, 'image/png'],
      ['re-encoded as WebP', await sharp(listed).webp({ quality: 70 }).toBuffer(), 'image/webp'],
      ['shrunk to a third, as JPEG', await sharp(listed).resize(333).jpeg({ quality: 80 }).toBuffer(), 'image/jpeg'],
      ['mirrored, WebP and shrunk', await sharp(listed).flop().resize(500).webp().toBuffer(), 'image/webp'],
    ];
    for (const [what, bytes, type] of copies) {
      const keys = await storedKeys(t);
      const rows = await mediaRows(t);
      const res = await upload(bytes, `x.${type.split('/')[1]}`, type);
      expect(res.status, `${what}: ${res.text}`).toBe(422);
      expect(res.body.error).toBe("Validation failed: file matches a list of known violent content and can't be posted");
      expect(await storedKeys(t), what).toEqual(keys);
      expect(await mediaRows(t), what).toEqual(rows);
    }
    const cases = await t.ctx.db.selectFrom('moderation_cases').selectAll().where('target_account_id', '=', mallory.id).execute();
    // One open case for the uploader, however many tries.
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ source: 'hash', category: 'violence', status_id: null });
    expect(JSON.parse(cases[0]!.scores)).toMatchObject({ 'hash:tcap-test': 1 });
  }, 120_000);

  it('accepts an image not on the list', async () => {
    const res = await upload(await scene(99, 1000, 750), 'fine.png', 'image/png');
    expect(res.status, res.text).toBe(200);
  });
});

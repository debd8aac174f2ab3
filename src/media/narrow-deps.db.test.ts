import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryStorage } from '../../tests/helpers/memory-storage.js';
import { startTestServer, type TestServer, type TestUser } from '../../tests/helpers/server.js';
import { scene } from '../../tests/media/fixtures.js';
import { addCustomEmoji, type CustomEmojisDeps, removeCustomEmoji } from '../domain/custom-emojis/custom-emojis.service.js';
import type { MediaDeps, MediaFilesDeps } from './deps.js';
import { importHashList } from './hash-lists/hash-lists.service.js';
import { createHashListState } from './hash-lists/matcher.js';
import { MATCH_REFUSAL } from './match-refusal.js';
import { deleteMedia } from './media.service.js';
import { uploadMedia } from './upload.js';

// The media area's functions take the narrow types of src/media/deps.ts, not the AppContext: each call here gets an
// object holding just those fields (its storage a stand-in), which proves they use nothing else.
describe('media and custom emojis with only their dependencies', () => {
  const storage = memoryStorage();
  let t: TestServer;
  let alice: TestUser;
  let deps: MediaDeps;
  let files: MediaFilesDeps;
  beforeAll(async () => {
    t = await startTestServer();
    alice = await t.createUser('alice');
    const { db, ids, config, jobs, logger } = t.ctx;
    deps = { db, ids, config, jobs, logger, mediaStorage: storage, hashLists: createHashListState(), videoProcessor: t.ctx.videoProcessor };
    files = { db, logger, mediaStorage: storage };
  });
  afterAll(() => t?.close());

  const png = async (seed: number, size = 300) => new File([new Uint8Array(await scene(seed, size, size))], 'a.png', { type: 'image/png' });

  it('uploads an image into the storage given, and deletes it and its files from there', async () => {
    const row = await uploadMedia(deps, alice.id, { file: await png(1), description: 'a scene' }, { wait: true });
    expect(row).toMatchObject({ state: 'ready', account_id: alice.id, description: 'a scene' });
    expect([...storage.files.keys()].sort()).toEqual([row.file_path, row.preview_path].sort());
    await deleteMedia(files, alice.id, row.id);
    expect(storage.files.size).toBe(0);
    expect(await t.ctx.db.selectFrom('media_attachments').select('id').where('id', '=', row.id).executeTakeFirst()).toBeUndefined();
  });

  it('refuses an upload on a hash list and opens a case, with the database, ids and log alone', async () => {
    const bytes = await scene(2, 300, 300);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(await importHashList({ db: t.ctx.db, hashLists: deps.hashLists }, { source: 'narrow', text: `sha256:${sha256},violence` })).toMatchObject({
      added: 1,
    });
    const file = new File([new Uint8Array(bytes)], 'b.png', { type: 'image/png' });
    await expect(uploadMedia(deps, alice.id, { file }, { wait: true })).rejects.toThrow(MATCH_REFUSAL);
    expect(storage.files.size).toBe(0);
    const cases = await t.ctx.db.selectFrom('moderation_cases').selectAll().where('target_account_id', '=', alice.id).execute();
    expect(cases).toMatchObject([{ source: 'hash', category: 'violence' }]);
  });

  it('adds a custom emoji into the storage given, and removes it and its file', async () => {
    const { db, ids, config, logger } = t.ctx;
    const emojiDeps: CustomEmojisDeps = { db, ids, config, logger, mediaStorage: storage, hashLists: createHashListState() };
    const bytes = await scene(4, 64, 64);
    const row = await addCustomEmoji(emojiDeps, null, { shortcode: 'narrow_one', image: { bytes, declaredType: 'image/png' } });
    expect(storage.files.get(row.file_path)?.body.equals(bytes)).toBe(true);
    await removeCustomEmoji({ db, ids, logger, mediaStorage: storage }, null, 'narrow_one');
    expect(storage.files.has(row.file_path)).toBe(false);
  });
});

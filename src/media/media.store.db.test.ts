import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../../tests/helpers/server.js';
import { keysStillNamed } from './media.store.js';

// Every file release asks which of its keys an attachment still names: the lookup must find the shared files, and
// go through the columns' indexes rather than read the whole table.
describe('keysStillNamed', () => {
  let t: TestServer;
  let alice: TestUser;
  beforeAll(async () => {
    t = await startTestServer();
    alice = await t.createUser('alice');
  });
  afterAll(() => t?.close());

  it('names the originals and previews attachments still use, and nothing else', async () => {
    const base = { account_id: alice.id, type: 'image', content_type: 'image/jpeg', created_at: new Date().toISOString() };
    await t.ctx.db
      .insertInto('media_attachments')
      .values([
        { ...base, id: t.ctx.ids.next(), status_id: null, file_path: 'original/aa/shared.jpg', preview_path: 'small/aa/shared.jpg', incoming_key: null },
        { ...base, id: t.ctx.ids.next(), status_id: null, file_path: null, preview_path: null, incoming_key: 'incoming/bb/raw.bin' },
      ])
      .execute();
    const named = await keysStillNamed(t.ctx.db, ['original/aa/shared.jpg', 'small/aa/shared.jpg', 'original/cc/gone.jpg']);
    expect([...named].sort()).toEqual(['original/aa/shared.jpg', 'small/aa/shared.jpg']);
  });

  it.runIf(process.env.TRIBUNE_TEST_DB === 'sqlite')('looks each column up through its index on SQLite', async () => {
    const plan = await sql<{ detail: string }>`explain query plan select file_path from media_attachments where file_path in ('a', 'b')`.execute(t.ctx.db);
    expect(plan.rows.map((r) => r.detail).join(' ')).toMatch(/USING (COVERING )?INDEX media_attachments_file/);
    const preview = await sql<{ detail: string }>`explain query plan select preview_path from media_attachments where preview_path in ('a')`.execute(t.ctx.db);
    expect(preview.rows.map((r) => r.detail).join(' ')).toMatch(/USING (COVERING )?INDEX media_attachments_preview/);
  });
});

import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../helpers/database.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// A deleted post's words must not stay readable in the database's files: SQLite keeps deleted rows in free
// pages (unless secure_delete) and older page images in its write-ahead log. PostgreSQL keeps dead tuples until
// VACUUM, which is the operator's (docs/operations.md, "What a delete leaves on disk"): no file to read here.
describe.skipIf(testDialect() !== 'sqlite')('a deleted post leaves nothing readable in the SQLite files', () => {
  let t: TestServer;
  let alice: TestUser;
  beforeAll(async () => {
    t = await startTestServer();
    alice = await t.createUser('alice');
  });
  afterAll(() => t?.close());

  const databaseFile = () => t.ctx.config.databaseUrl.slice('sqlite:'.length);
  /** Which of the markers the database file or its write-ahead log still hold. */
  const found = (markers: string[]) => {
    const files = [databaseFile(), `${databaseFile()}-wal`].filter((f) => existsSync(f));
    return markers.filter((m) => files.some((f) => readFileSync(f).includes(m)));
  };

  it('purges the text and its edits from the database file and the write-ahead log', async () => {
    // Lower-case words starting with letters no other word here starts with: full text search indexes them as
    // they are, not as a suffix of a neighbouring term.
    const original = `xqzorig${randomBytes(8).toString('hex')}`;
    const edited = `xqzedit${randomBytes(8).toString('hex')}`;
    const warning = `xqzwarn${randomBytes(8).toString('hex')}`;
    const post = await t.postStatus(alice, `secret ${original}`);
    await t.ok('PUT', `/api/v1/statuses/${post.id}`, alice, { status: `secret ${edited}`, spoiler_text: warning });
    expect((await t.get(`/api/v1/statuses/${post.id}/history`)).body).toHaveLength(2);
    // Stored, so the check below can see them: in the log, or in the file after a checkpoint.
    expect(found([original, edited, warning])).toEqual([original, edited, warning]);

    await t.ok('DELETE', `/api/v1/statuses/${post.id}`, alice);
    expect((await t.get(`/api/v1/statuses/${post.id}`)).status).toBe(404);
    expect(found([original, edited, warning])).toEqual([]);
  });
});

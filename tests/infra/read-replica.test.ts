import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// READ_DATABASE_URL (issue 14): reads that tolerate lag (public and hashtag timelines, trends) go to the replica,
// everything else to the database. The replica here is a copy of the SQLite file taken before the second post: a
// replica that lags by one post. (SQLite only: a PostgreSQL replica is the same code path with another URL.)
describe('reads that tolerate lag go to READ_DATABASE_URL', { timeout: 120_000 }, () => {
  let primary: TestServer;
  let t: TestServer;
  let author: TestUser;
  let before: { id: string };
  let after: { id: string };

  beforeAll(async () => {
    primary = await startTestServer();
    author = await primary.createUser('author');
    before = await primary.postStatus(author, 'before the copy #lagging', { visibility: 'public' });
    const replica = join(primary.ctx.config.dataDir, 'replica.sqlite');
    await sql`VACUUM INTO ${sql.lit(replica)}`.execute(primary.ctx.db);
    t = await startTestServer({ databaseUrl: primary.ctx.config.databaseUrl, readDatabaseUrl: `sqlite:${replica}` });
    after = await t.postStatus(author, 'after the copy #lagging', { visibility: 'public' });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await primary?.close();
  });

  it('answers the public and hashtag timelines from the replica', async () => {
    for (const path of ['/api/v1/timelines/public', '/api/v1/timelines/tag/lagging']) {
      const ids = (await t.ok<Array<{ id: string }>>('GET', path, author)).map((s) => s.id);
      expect(ids, path).toContain(before.id);
      expect(ids, path).not.toContain(after.id);
    }
  });

  it('answers everything else from the database', async () => {
    expect((await t.get(`/api/v1/statuses/${after.id}`, { token: author.token })).status).toBe(200);
    const home = (await t.ok<Array<{ id: string }>>('GET', '/api/v1/timelines/home', author)).map((s) => s.id);
    expect(home).toContain(after.id);
    const own = (await t.ok<Array<{ id: string }>>('GET', `/api/v1/accounts/${author.id}/statuses`, author)).map((s) => s.id);
    expect(own).toContain(after.id);
    // The same server without a replica shows the new post publicly.
    const ids = (await primary.ok<Array<{ id: string }>>('GET', '/api/v1/timelines/public', author)).map((s) => s.id);
    expect(ids).toContain(after.id);
  });
});

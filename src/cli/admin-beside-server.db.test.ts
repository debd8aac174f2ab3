import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestServer, type TestServer, type TestUser } from '../../tests/helpers/server.js';

// `tribune admin` run as a process of its own beside a running server on the same database: the server's cached
// home pages must not keep showing what the command changed (it moves the epoch the server polls every second).
// PGlite in memory cannot be opened by a second process: on PostgreSQL this needs a server (DATABASE_URL).
const bin = join(import.meta.dirname, '../../bin/tribune.js');
const run = promisify(execFile);
const shareable = process.env.TRIBUNE_TEST_DB !== 'pg' || !!process.env.DATABASE_URL;

interface Status {
  id: string;
  account: { username: string; tribune_badges: string[] };
}

describe.skipIf(!shareable)('tribune admin beside a running server', { timeout: 240_000 }, () => {
  let t: TestServer;
  let reader: TestUser;
  let author: TestUser;

  // Not spawnSync: the server answers from this same process and keeps polling while the command runs.
  const admin = async (...args: string[]) => {
    const env = {
      PATH: process.env.PATH,
      DATA_DIR: t.ctx.config.dataDir,
      DATABASE_URL: t.ctx.config.databaseUrl,
      LOG_LEVEL: 'silent',
      SECRET_KEY: t.ctx.config.secretKey,
    };
    return run(process.execPath, [bin, 'admin', ...args], { env, encoding: 'utf8', timeout: 60_000 });
  };

  beforeAll(async () => {
    t = await startTestServer();
    reader = await t.createUser('reader');
    author = await t.createUser('author');
    expect((await t.post(`/api/v1/accounts/${author.id}/follow`, { token: reader.token })).status).toBe(200);
  });
  afterAll(() => t?.close());

  const authorOnHome = async (id: string) => {
    const r = await t.get<Status[]>('/api/v1/timelines/home', { token: reader.token });
    expect(r.status).toBe(200);
    const s = r.body.find((x) => x.id === id);
    expect(s, 'the post on the reader home').toBeDefined();
    return s!.account;
  };

  it('shows a badge given by `tribune admin badge` on a home page read before', async () => {
    const post = await t.post('/api/v1/statuses', { token: author.token, json: { status: 'about to be verified', visibility: 'public' } });
    expect(post.status).toBe(200);
    const before = await eventually(() => authorOnHome(post.body.id));
    expect(before.tribune_badges).toEqual([]);
    // Read again: this page is now the cached one.
    expect((await authorOnHome(post.body.id)).tribune_badges).toEqual([]);

    const { stdout, stderr } = await admin('badge', '--username', 'author', '--add', 'verified');
    expect(stderr).toBe('');
    expect(stdout).toMatch(/Badges of @author: verified \(were \(none\)\)/);
    await eventually(async () => expect((await authorOnHome(post.body.id)).tribune_badges).toEqual(['verified']));

    await admin('badge', '--username', 'author', '--remove', 'verified');
    await eventually(async () => expect((await authorOnHome(post.body.id)).tribune_badges).toEqual([]));
  });

  it('shows an instance title set by `tribune admin instance`, and cuts a token `tribune admin suspend` suspends', async () => {
    const { stdout } = await admin('instance', '--title', 'Harbour beside');
    expect(stdout).toMatch(/Updated title\./);
    // Running servers read the settings every 5 seconds.
    await eventually(async () => expect((await t.get('/api/v1/instance')).body.title).toBe('Harbour beside'), 30_000);

    expect((await t.get('/api/v1/accounts/verify_credentials', { token: author.token })).status).toBe(200);
    const suspended = await admin('suspend', '--username', 'author', '--reason', 'beside the server');
    expect(suspended.stdout).toMatch(/Suspended @author\./);
    await eventually(async () => expect((await t.get('/api/v1/accounts/verify_credentials', { token: author.token })).status).not.toBe(200));
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTribune } from '../../tests/helpers/cli.js';
import { freshDatabase, testDialect } from '../../tests/helpers/database.js';
import { startS3Server } from '../../tests/helpers/s3-server.js';
import { startTestServer, type TestServer } from '../../tests/helpers/server.js';
import { generateKeyPair } from './encryption.js';
import { buildCommunity, type Community, expectCommunityIntact } from './test-community.js';

// `tribune move` as a process beside a running server of this project's dialect: the server turns read-only while
// the move runs, the community arrives intact on the new host (SQLite in a DATA_DIR, or PostgreSQL), and the old
// server then sends pages to the new address and answers the API with the owner's message.
// The CLI reaches the source database, so on PostgreSQL this needs the server of DATABASE_URL (not in-memory PGlite).

const work = mkdtempSync(join(tmpdir(), 'tribune-move-'));
const drops: Array<() => Promise<void>> = [];
const NEW = 'https://new.example.org';
const MESSAGE = 'We have moved to a bigger home, see you there!';

function tribune(args: string[], env: Record<string, string>) {
  return runTribune(args, env, { cwd: work });
}

describe.skipIf(testDialect() === 'pg' && !process.env.DATABASE_URL)('tribune move', { timeout: 240_000 }, () => {
  let source: TestServer;
  let community: Community;
  let env: Record<string, string>;

  beforeAll(async () => {
    source = await startTestServer();
    community = await buildCommunity(source);
    env = { DATA_DIR: source.ctx.config.dataDir, DATABASE_URL: source.ctx.config.databaseUrl, SECRET_KEY: source.ctx.config.secretKey };
  }, 120_000);

  afterAll(async () => {
    await source?.close();
    for (const d of drops) await d();
    rmSync(work, { recursive: true, force: true });
  });

  it('moves to a new SQLite host in one command, read-only meanwhile, then points the old host at the new address', async () => {
    const target = join(work, 'new-sqlite');
    const move = tribune(['move', '--to', target, '--new-address', NEW, '--message', MESSAGE, '--settle', '3'], env);
    // While the move runs, a post is refused with the owner's message. (An empty one: before read-only it is a 422
    // that writes nothing, so the community stays as built.)
    const attempt = () => source.post('/api/v1/statuses', { token: community.cyd.token, json: { status: '' } });
    await expect.poll(async () => (await attempt()).status, { timeout: 30_000 }).toBe(503);
    expect((await attempt()).body).toEqual({ error: MESSAGE });
    const r = await move;
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/tables' counts match \(old host, backup, new host\)/);
    expect(r.out).toMatch(/final backup: [\d.]+ s/);
    expect(r.out).toMatch(/restore on the new host: [\d.]+ s/);
    expect(r.out).toContain(`This host now sends everyone to ${NEW}`);

    // The old host: pages go to the same path there, API calls answer 503 with the message and the address.
    await expect.poll(async () => (await source.get(`/@ada/${community.hello}`, { headers: { accept: 'text/html' } })).status, { timeout: 15_000 }).toBe(301);
    const page = await source.get(`/@ada/${community.hello}?x=1`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('location')).toBe(`${NEW}/@ada/${community.hello}?x=1`);
    expect(page.text).toContain(MESSAGE);
    for (const [method, path, token] of [
      ['GET', '/api/v1/timelines/public', undefined],
      ['GET', '/api/v1/timelines/home', community.bea.token],
      ['POST', '/api/v1/statuses', community.ada.token],
    ] as const) {
      const res = await source.request(method, path, { token, json: method === 'POST' ? { status: 'hello?' } : undefined });
      expect(res.status, `${method} ${path}`).toBe(503);
      expect(res.body).toEqual({ error: `${MESSAGE} (new address: ${NEW})`, moved_to: NEW });
    }
    // Health checks still answer, for the operator's monitoring.
    expect((await source.get('/health')).status).toBe(200);

    // The new host starts open (not in the old host's read-only mode) and serves the same community.
    const restored = await startTestServer({
      databaseUrl: `sqlite:${join(target, 'tribune.sqlite')}`,
      dataDir: target,
      secretKey: readFileSync(join(target, 'secret.key'), 'utf8').trim(),
    });
    try {
      await expectCommunityIntact(restored, community, source.url);
    } finally {
      await restored.close();
    }
  });

  it('moves to PostgreSQL too, and refuses a target that already holds data unless --force', async () => {
    const off = await tribune(['maintenance', 'off'], env);
    expect(off.code, off.err).toBe(0);
    const dataDir = join(work, 'new-pg');
    let url = `pglite:${join(dataDir, 'pg')}`;
    if (process.env.DATABASE_URL) {
      const db = await freshDatabase('pg');
      drops.push(db.drop);
      url = db.url;
    }
    const r = await tribune(['move', '--to', url, '--data-dir', dataDir, '--new-address', NEW, '--settle', '3'], env);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/counts match/);

    // Again onto the same database: refused, and the old host is back in the mode it had (moved, from the first run).
    const again = await tribune(['move', '--to', url, '--data-dir', dataDir, '--new-address', 'https://elsewhere.example', '--settle', '0'], env);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already holds data.*--force/);
    const status = await tribune(['maintenance', 'status'], env);
    expect(status.out).toContain(`(new address: ${NEW})`);

    const restored = await startTestServer({ databaseUrl: url, dataDir, secretKey: readFileSync(join(dataDir, 'secret.key'), 'utf8').trim() });
    try {
      expect(restored.ctx.dialect).toBe('pg');
      await expectCommunityIntact(restored, community, source.url);
    } finally {
      await restored.close();
    }
  });

  it('moves through an S3 bucket: encrypted final backup, the old host read-only until the new one has restored it', async () => {
    const s3 = await startS3Server({ bucket: 'moving' });
    try {
      const off = await tribune(['maintenance', 'off'], env);
      expect(off.code, off.err).toBe(0);
      const keys = await generateKeyPair();
      const s3env = { S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey, S3_FORCE_PATH_STYLE: 'on' };
      const noKey = await tribune(['move', '--to', 's3://moving/community', '--new-address', NEW], { ...env, ...s3env });
      expect(noKey.code).toBe(2);
      expect(noKey.err).toMatch(/set BACKUP_RECIPIENT/);

      const r = await tribune(['move', '--to', 's3://moving/community', '--new-address', NEW, '--message', MESSAGE, '--settle', '3'], {
        ...env,
        ...s3env,
        BACKUP_RECIPIENT: keys.recipient,
      });
      expect(r.code, r.err).toBe(0);
      const restoreLine = /tribune restore (s3:\/\/moving\/community\/tribune-backup-\S+\.tar\.gz\.age) --identity FILE/.exec(r.out);
      expect(restoreLine, r.out).not.toBeNull();
      expect(r.out).toContain(`tribune maintenance moved --to ${NEW}`);
      const status = await tribune(['maintenance', 'status'], env);
      expect(status.out).toMatch(/Mode: read-only/);

      const host = mkdtempSync(join(work, 'via-s3-'));
      const restored = await tribune(['restore', restoreLine![1]!], { DATA_DIR: host, ...s3env, BACKUP_IDENTITY: keys.identity });
      expect(restored.code, restored.err).toBe(0);
      expect(restored.out).toMatch(/row counts match the manifest/);
      const moved = await tribune(['maintenance', 'moved', '--to', NEW, '--message', MESSAGE], env);
      expect(moved.code, moved.err).toBe(0);
      await expect.poll(async () => (await source.get('/api/v1/timelines/public')).status, { timeout: 15_000 }).toBe(503);
    } finally {
      await s3.stop();
    }
  });
});

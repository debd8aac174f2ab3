import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type TestServer, type TestUser } from '../helpers/server.js';
import { scene } from './fixtures.js';
import { startMediaServer, uploadForm } from './media-server.js';

// An operator's day: `tribune hashes pdq` on a picture, its line put in a list, `tribune hashes import` run as a
// process of its own beside a running server on the same database; the server refuses copies within seconds, and
// takes them again once `tribune hashes delete-source` removes the list. PGlite in memory cannot be opened by a
// second process: on PostgreSQL this needs a server (DATABASE_URL).
const bin = join(import.meta.dirname, '../../bin/tribune.js');
const run = promisify(execFile);
const shareable = process.env.TRIBUNE_TEST_DB !== 'pg' || !!process.env.DATABASE_URL;
const REFUSED = "Validation failed: file matches a list of known violent content and can't be posted";

describe.skipIf(!shareable)('hash lists imported by another process', { timeout: 240_000 }, () => {
  let t: TestServer;
  let uploader: TestUser;
  const dir = mkdtempSync(join(tmpdir(), 'tribune-hash-import-'));

  // Not spawnSync: the server answers from this same process while the command runs.
  const tribune = (...args: string[]) => {
    const env = {
      PATH: process.env.PATH,
      DATA_DIR: t.ctx.config.dataDir,
      DATABASE_URL: t.ctx.config.databaseUrl,
      LOG_LEVEL: 'silent',
      SECRET_KEY: t.ctx.config.secretKey,
    };
    return run(process.execPath, [bin, 'hashes', ...args], { env, encoding: 'utf8', timeout: 60_000 });
  };
  const upload = (bytes: Buffer, name: string, type: string) =>
    t.request('POST', '/api/v2/media', { token: uploader.token, multipart: uploadForm(bytes, name, type) });

  beforeAll(async () => {
    t = await startMediaServer();
    uploader = await t.createUser('uploader');
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses copies of a picture listed with `tribune hashes pdq` and `import`, and takes them once the list is deleted', async () => {
    const picture = await scene(4321, 1000, 750);
    const path = join(dir, 'attack-still.png');
    writeFileSync(path, picture);
    // A copy as it would come back: re-encoded, smaller, mirrored.
    const copy = await sharp(picture).resize(600).flop().jpeg({ quality: 80 }).toBuffer();
    expect((await upload(copy, 'before.jpg', 'image/jpeg')).status).toBe(200);

    const pdq = await tribune('pdq', path);
    expect(pdq.stderr).toBe('');
    const [hash, quality, name] = pdq.stdout.trim().split(' ');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(Number(quality)).toBeGreaterThanOrEqual(50);
    expect(name).toBe(path);

    const list = join(dir, 'ops-list.csv');
    writeFileSync(list, `# from tribune hashes pdq\n${hash},violence\n`);
    const imported = await tribune('import', list, '--source', 'ops');
    expect(imported.stdout).toMatch(/ops: added 1, skipped 0 duplicates, refused 0\./);

    await eventually(async () => {
      const res = await upload(copy, 'after.jpg', 'image/jpeg');
      expect(res.status).toBe(422);
      expect(res.body.error).toBe(REFUSED);
    });

    expect((await tribune('delete-source', 'ops')).stdout).toMatch(/Removed 1 entries of "ops"/);
    await eventually(async () => expect((await upload(copy, 'again.jpg', 'image/jpeg')).status).toBe(200));
  });
});

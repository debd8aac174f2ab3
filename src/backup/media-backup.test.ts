import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import Database from 'better-sqlite3';
import { create as createTar, extract } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTribune } from '../../tests/helpers/cli.js';
import { startS3Server, type TestS3 } from '../../tests/helpers/s3-server.js';
import { startTestServer, type TestServer, type TestUser } from '../../tests/helpers/server.js';
import { scene } from '../../tests/media/fixtures.js';
import { uploadForm } from '../../tests/media/media-server.js';
import type { MediaConfig } from '../config/config.js';
import { isMediaKey } from '../media/storage/storage.js';

// `tribune backup` and `tribune restore` as processes, carrying uploaded media between storages: an instance on local
// files is restored onto a host with MEDIA_STORAGE=s3, that host is backed up in turn and restored onto local files.
// At each step every file is compared by sha256 and a server started on the restored data serves the posts' media.

const work = mkdtempSync(join(tmpdir(), 'tribune-media-backup-'));
const SECRET = 'media-backup-'.padEnd(64, 'k');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function tribune(args: string[], env: Record<string, string>) {
  return runTribune(args, { SECRET_KEY: SECRET, ...env }, { cwd: work });
}

/** Every storage key under a DATA_DIR/media, with the sha256 of its bytes. */
function localFiles(dataDir: string): Record<string, string> {
  const dir = join(dataDir, 'media');
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const key = relative(dir, join(e.parentPath, e.name)).split(sep).join('/');
    if (e.isFile() && isMediaKey(key)) out[key] = sha256(readFileSync(join(dir, key)));
  }
  return out;
}

async function bucketFiles(s3: TestS3, bucket: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const key of await s3.keys(bucket)) out[key] = sha256((await s3.object(key, bucket))!.body);
  return out;
}

/** The keys the restored database's attachment rows name. */
function rowKeys(dataDir: string): string[] {
  const db = new Database(join(dataDir, 'tribune.sqlite'), { readonly: true });
  const rows = db.prepare('SELECT file_path, preview_path FROM media_attachments').all() as Array<{ file_path: string | null; preview_path: string | null }>;
  db.close();
  return [...new Set(rows.flatMap((r) => [r.file_path, r.preview_path]).filter((k): k is string => !!k))].sort();
}

describe('backups carry media between local files and S3', { timeout: 180_000 }, () => {
  let s3: TestS3;
  let source: TestServer;
  let alice: TestUser;
  let postId: string;
  let sourceFiles: Record<string, string>;
  const archive = join(work, 'local.tar.gz');
  const s3Host = join(work, 's3-host');
  const s3Env = () => ({ DATA_DIR: s3Host, ...s3.env, S3_BUCKET: 'restored' });

  beforeAll(async () => {
    s3 = await startS3Server({ bucket: 'restored' });
    source = await startTestServer({ secretKey: SECRET });
    alice = await source.createUser('alice');
    const ids: string[] = [];
    for (const seed of [1, 2, 3]) {
      const res = await source.request('POST', '/api/v2/media', {
        token: alice.token,
        multipart: uploadForm(await scene(seed, 320, 240), `${seed}.png`, 'image/png'),
      });
      expect(res.status, res.text).toBe(200);
      ids.push(res.body.id);
    }
    postId = (await source.postStatus(alice, 'three pictures', { media_ids: ids })).id;
    sourceFiles = localFiles(source.ctx.config.dataDir);
  }, 180_000);

  afterAll(async () => {
    await source?.close();
    await s3?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  /** The post's attachments served by a server on restored data, compared with the source's files. */
  async function expectPostServed(dataDir: string, media: MediaConfig | undefined) {
    const restored = await startTestServer({
      databaseUrl: `sqlite:${join(dataDir, 'tribune.sqlite')}`,
      dataDir,
      secretKey: SECRET,
      ...(media ? { media } : {}),
    });
    try {
      const post = await restored.ok('GET', `/api/v1/statuses/${postId}`, alice);
      expect(post.media_attachments).toHaveLength(3);
      for (const m of post.media_attachments as Array<{ url: string; preview_url: string }>) {
        for (const url of [m.url, m.preview_url]) {
          const res = await fetch(url);
          expect(res.status, url).toBe(200);
          const key = new URL(url).pathname.slice('/system/media/'.length);
          expect(sha256(Buffer.from(await res.arrayBuffer())), key).toBe(sourceFiles[key]);
        }
      }
    } finally {
      await restored.close();
    }
  }

  it('backs up the uploads of a local instance, with progress', async () => {
    // Three originals and three previews.
    expect(Object.keys(sourceFiles)).toHaveLength(6);
    const r = await tribune(['backup', '--output', archive], { DATA_DIR: source.ctx.config.dataDir, DATABASE_URL: source.ctx.config.databaseUrl });
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/media: reading DATA_DIR\/media/);
    expect(r.err).toMatch(/media: 6 file\(s\), \d/);
    expect(r.out).toMatch(/6 media file\(s\)/);
    const look = join(work, 'look-local');
    mkdirSync(look);
    await extract({ file: archive, cwd: look });
    expect(JSON.parse(readFileSync(join(look, 'manifest.json'), 'utf8')).media).toMatchObject({ files: 6, storage: 'local' });
    expect(localFiles(look)).toEqual(sourceFiles);
  });

  it('restores it onto a host with MEDIA_STORAGE=s3: the files are in the bucket, identical, and the rows name them', async () => {
    const r = await tribune(['restore', archive], s3Env());
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/6 media file\(s\): 6 upload\(s\) into the S3 bucket "restored", 0 into/);
    expect(r.err).toMatch(/media: 6 upload\(s\) into the S3 bucket/);
    expect(await bucketFiles(s3, 'restored')).toEqual(sourceFiles);
    // Nothing of the uploads is left on the host's disk.
    expect(localFiles(s3Host)).toEqual({});
    expect(rowKeys(s3Host)).toEqual(Object.keys(sourceFiles).sort());
    await expectPostServed(s3Host, { ...source.ctx.config.media, ...s3.media({ bucket: 'restored' }) });
  });

  it('backs up the S3 host, reading the bucket, and restores that onto local files', async () => {
    const fromS3 = join(work, 's3.tar.gz');
    const b = await tribune(['backup', '--output', fromS3], s3Env());
    expect(b.code, b.err).toBe(0);
    expect(b.err).toMatch(/the media in the S3 bucket "restored"/);
    expect(b.err).toMatch(/media: 6 file\(s\)/);
    const look = join(work, 'look-s3');
    mkdirSync(look);
    await extract({ file: fromS3, cwd: look });
    expect(JSON.parse(readFileSync(join(look, 'manifest.json'), 'utf8')).media).toMatchObject({ files: 6, storage: 's3' });
    expect(localFiles(look)).toEqual(sourceFiles);

    const localHost = join(work, 'local-host');
    const r = await tribune(['restore', fromS3], { DATA_DIR: localHost });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/6 media file\(s\) into .*local-host\/media/);
    expect(localFiles(localHost)).toEqual(sourceFiles);
    expect(rowKeys(localHost)).toEqual(Object.keys(sourceFiles).sort());
    await expectPostServed(localHost, undefined);
  });

  it('restores an archive written before S3 storage (no media.storage in its manifest) into a bucket', async () => {
    const dir = join(work, 'old-format');
    mkdirSync(dir);
    await extract({ file: archive, cwd: dir });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    delete manifest.media.storage;
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const old = join(work, 'old.tar.gz');
    // As the old code packed it: node-tar, manifest first, DATA_DIR/media as a directory.
    await createTar({ gzip: true, portable: true, file: old, cwd: dir }, ['manifest.json', 'db', 'media', 'secret.key']);
    await s3.createBucket('old-format');
    const host = join(work, 'old-host');
    const r = await tribune(['restore', old], { DATA_DIR: host, ...s3.env, S3_BUCKET: 'old-format' });
    expect(r.code, r.err).toBe(0);
    expect(await bucketFiles(s3, 'old-format')).toEqual(sourceFiles);
  });

  it('stops before touching the database when the bucket is missing, saying what to fix', async () => {
    const host = join(work, 'no-bucket-host');
    const r = await tribune(['restore', archive], { DATA_DIR: host, ...s3.env, S3_BUCKET: 'no-such-bucket' });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/the bucket "no-such-bucket" at http:\/\/127\.0\.0\.1:\d+ does not exist\. Create it .* or fix S3_BUCKET/);
    expect(existsSync(join(host, 'tribune.sqlite'))).toBe(false);
  });
});

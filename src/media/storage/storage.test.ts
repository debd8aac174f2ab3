import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type TestS3 } from '../../../tests/helpers/s3-server.js';
import { loadConfig } from '../../config/config.js';
import { createMediaStorage } from './create-storage.js';
import { createS3Storage } from './s3.js';
import { type MediaStorage, mediaKey } from './storage.js';

// One contract, both backends: each is made from environment variables through createMediaStorage, as `tribune serve`
// makes it, and must behave the same way. S3 runs against a local s3rver.

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'tribune-storage-'));
  dirs.push(d);
  return d;
};
const secretKey = 'storage-test-'.padEnd(64, 'x');
const PUBLIC_URL = 'https://tribune.example';

function keyFor(body: Buffer, ext = 'png', kind: 'original' | 'small' = 'original'): string {
  return mediaKey(kind, createHash('sha256').update(body).digest('hex'), ext);
}

let s3: TestS3;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const backends: Array<{ name: string; env: () => Record<string, string> }> = [
  { name: 'local', env: () => ({}) },
  { name: 's3', env: () => s3.env },
];

describe.each(backends)('$name media storage', ({ name, env }) => {
  let storage: MediaStorage;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = tempDir();
    if (name === 's3') await s3.empty();
    storage = await createMediaStorage(loadConfig({ ...env(), DATA_DIR: dataDir, PUBLIC_URL }, { secretKey }));
    expect(storage.kind).toBe(name);
  });
  afterAll(async () => {
    await storage?.close();
  });

  it('gives back the bytes it stored, whole and as a stream with size and type', async () => {
    const body = randomBytes(70_000);
    const key = keyFor(body);
    await storage.put(key, body, 'image/png');
    expect((await storage.get(key))?.equals(body)).toBe(true);
    const streamed = await storage.stream(key);
    expect(streamed).toMatchObject({ size: body.length, contentType: 'image/png' });
    const chunks: Buffer[] = [];
    for await (const chunk of streamed!.body) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(body)).toBe(true);
  });

  it('streams a range from where it starts, and tells the size and type of a file', async () => {
    const body = randomBytes(200_000);
    const key = keyFor(body, 'mp4');
    await storage.put(key, body, 'video/mp4');
    expect(await storage.stat(key)).toEqual({ size: body.length, contentType: 'video/mp4' });
    const part = await storage.stream(key, { start: 150_000, end: 150_099 });
    expect(part).toMatchObject({ size: 100, contentType: 'video/mp4' });
    const chunks: Buffer[] = [];
    for await (const chunk of part!.body) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(body.subarray(150_000, 150_100))).toBe(true);
  });

  it('answers null for a key it does not hold, and deleting it is not an error', async () => {
    const key = keyFor(Buffer.from('never stored'), 'jpg');
    expect(await storage.get(key)).toBeNull();
    expect(await storage.stream(key)).toBeNull();
    expect(await storage.stat(key)).toBeNull();
    expect(await storage.stream(key, { start: 0, end: 9 })).toBeNull();
    await expect(storage.delete(key)).resolves.toBeUndefined();
  });

  it('overwrites a key with the new bytes', async () => {
    const key = keyFor(Buffer.from('first'), 'webp');
    await storage.put(key, Buffer.from('first'), 'image/webp');
    await storage.put(key, Buffer.from('second, longer'), 'image/webp');
    expect((await storage.get(key))?.toString()).toBe('second, longer');
    expect(await text((await storage.stream(key))!.body)).toBe('second, longer');
  });

  it('deletes a file: it is gone from get, stream and list', async () => {
    const body = Buffer.from('to be deleted');
    const key = keyFor(body, 'gif', 'small');
    await storage.put(key, body, 'image/gif');
    expect(await all(storage.list())).toContain(key);
    await storage.delete(key);
    expect(await storage.get(key)).toBeNull();
    expect(await storage.stream(key)).toBeNull();
    expect(await all(storage.list())).not.toContain(key);
  });

  it('lists every stored key and nothing that is not a media key', async () => {
    const bodies = Array.from({ length: 5 }, (_, i) => Buffer.from(`file ${i} of ${name}`));
    const keys = bodies.map((b) => keyFor(b, 'mp4'));
    for (const [i, b] of bodies.entries()) await storage.put(keys[i]!, b, 'video/mp4');
    // Beside the media: profile images under DATA_DIR/media/accounts, or someone else's object in the bucket.
    if (name === 'local') {
      mkdirSync(join(dataDir, 'media/accounts/avatars/1'), { recursive: true });
      writeFileSync(join(dataDir, 'media/accounts/avatars/1/a.png'), 'avatar');
    } else await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'notes/readme.txt', Body: 'not media' }));
    const listed = await all(storage.list());
    expect(listed).toEqual(expect.arrayContaining(keys));
    expect(listed.every((k) => /^(original|small|poster|incoming)\//.test(k))).toBe(true);
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('refuses a key that is not a media key (no path escapes the store)', async () => {
    await expect(storage.put('../../etc/passwd', Buffer.from('x'), 'text/plain')).rejects.toThrow(/not a media key/);
    await expect(storage.get('original/../../secret.key')).rejects.toThrow(/not a media key/);
    expect(existsSync(join(dataDir, 'etc'))).toBe(false);
  });
});

describe('S3 media storage', () => {
  const options = () => ({
    bucket: s3.bucket,
    endpoint: s3.endpoint,
    region: s3.region,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
    forcePathStyle: true,
    maxAttempts: 1,
  });

  it('stores objects with their type and a year-long immutable cache lifetime', async () => {
    const storage = await createS3Storage(options());
    try {
      const body = Buffer.from('cache me');
      const key = keyFor(body, 'avif');
      await storage.put(key, body, 'image/avif');
      expect(await s3.object(key)).toMatchObject({ contentType: 'image/avif', cacheControl: 'public, max-age=31536000, immutable' });
    } finally {
      await storage.close();
    }
  });

  it('lists across pages', async () => {
    await s3.empty();
    const storage = await createS3Storage({ ...options(), listPageSize: 2 });
    try {
      const keys = Array.from({ length: 7 }, (_, i) => keyFor(Buffer.from(`page ${i}`), 'jpg'));
      for (const k of keys) await storage.put(k, Buffer.from(k), 'image/jpeg');
      expect((await all(storage.list())).sort()).toEqual([...keys].sort());
    } finally {
      await storage.close();
    }
  });

  it('refuses to start on a bucket that does not exist, naming it and what to do', async () => {
    await expect(createS3Storage({ ...options(), bucket: 'no-such-bucket' })).rejects.toThrow(
      /bucket "no-such-bucket" at http:\/\/127\.0\.0\.1:\d+ does not exist\. Create it .* or fix S3_BUCKET/,
    );
  });

  it('refuses to start with credentials the server rejects, naming the variables', async () => {
    await expect(createS3Storage({ ...options(), accessKeyId: 'NOT-A-KEY' })).rejects.toThrow(
      /refused the credentials .*S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/,
    );
  });

  it('refuses to start when the endpoint cannot be reached, naming S3_ENDPOINT', async () => {
    // Port 9 (discard): nothing listens there on a test machine.
    const closed = await createS3Storage({ ...options(), endpoint: 'http://127.0.0.1:9' }).catch((e: Error) => e);
    expect(closed).toBeInstanceOf(Error);
    expect((closed as Error).message).toMatch(/cannot be reached .*Check S3_ENDPOINT/);
  });

  it('stops `tribune serve`-style start-up through createMediaStorage with the same message', async () => {
    const config = loadConfig({ ...s3.env, S3_BUCKET: 'missing-bucket', DATA_DIR: tempDir() }, { secretKey });
    await expect(createMediaStorage(config)).rejects.toThrow(/MEDIA_STORAGE=s3: the bucket "missing-bucket" .* does not exist/);
  });
});

async function all(keys: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const k of keys) out.push(k);
  return out;
}

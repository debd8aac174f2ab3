import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import type { MediaConfig } from '../../src/config/config.js';

/**
 * A local S3-compatible server (s3rver) on a free port, its files in a temp dir, with one bucket made. Tests use it
 * for MEDIA_STORAGE=s3 and for off-site backups: `env` for a process, `media()` for startTestServer's config, `client`
 * to look into the buckets as an operator would.
 */
export interface TestS3 {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** MEDIA_STORAGE=s3 and the S3_* variables, for `tribune` run as a process. */
  env: Record<string, string>;
  /**
   * The storage settings of a Config's `media`: startTestServer({ media: { ...base, ...s3.media() } }) or the media
   * suite's startMediaServer(s3.media()). `publicUrl` is MEDIA_PUBLIC_URL.
   */
  media(opts?: { publicUrl?: string; bucket?: string }): Pick<MediaConfig, 'storage' | 's3' | 'publicUrl'>;
  /** Where the bucket serves its objects directly (path style): a MEDIA_PUBLIC_URL for tests. */
  bucketUrl(bucket?: string): string;
  client: S3Client;
  createBucket(name: string): Promise<void>;
  /** Every key in the bucket, sorted. */
  keys(bucket?: string): Promise<string[]>;
  /** An object's bytes and headers, or null. */
  object(key: string, bucket?: string): Promise<{ body: Buffer; contentType?: string; cacheControl?: string } | null>;
  /** Deletes every object of the bucket. */
  empty(bucket?: string): Promise<void>;
  stop(): Promise<void>;
}

// s3rver checks signatures against these.
const ACCESS_KEY = 'S3RVER';
const SECRET_KEY = 'S3RVER';

export async function startS3Server(opts: { bucket?: string } = {}): Promise<TestS3> {
  const dir = mkdtempSync(join(tmpdir(), 'tribune-s3-'));
  const bucket = opts.bucket ?? 'tribune-media';
  const { port, stop } = await runS3rver(dir, bucket);
  const endpoint = `http://127.0.0.1:${port}`;
  const region = 'us-east-1';
  const client = new S3Client({
    endpoint,
    region,
    forcePathStyle: true,
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const keys = async (b = bucket) => {
    const out: string[] = [];
    for await (const page of paginateListObjectsV2({ client }, { Bucket: b })) for (const o of page.Contents ?? []) if (o.Key) out.push(o.Key);
    return out.sort();
  };
  return {
    endpoint,
    bucket,
    region,
    accessKeyId: ACCESS_KEY,
    secretAccessKey: SECRET_KEY,
    env: {
      MEDIA_STORAGE: 's3',
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_REGION: region,
      S3_ACCESS_KEY_ID: ACCESS_KEY,
      S3_SECRET_ACCESS_KEY: SECRET_KEY,
      S3_FORCE_PATH_STYLE: 'on',
    },
    media: (o = {}) => ({
      storage: 's3',
      publicUrl: o.publicUrl,
      s3: { bucket: o.bucket ?? bucket, endpoint, region, accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY, forcePathStyle: true },
    }),
    bucketUrl: (b = bucket) => `${endpoint}/${b}`,
    client,
    async createBucket(name) {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    },
    keys,
    async object(key, b = bucket) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: b, Key: key }));
        const got = await client.send(new GetObjectCommand({ Bucket: b, Key: key }));
        return { body: Buffer.from(await got.Body!.transformToByteArray()), contentType: head.ContentType, cacheControl: head.CacheControl };
      } catch (err) {
        if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return null;
        throw err;
      }
    },
    async empty(b = bucket) {
      for (const key of await keys(b)) await client.send(new DeleteObjectCommand({ Bucket: b, Key: key }));
    },
    async stop() {
      client.destroy();
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// s3rver in a process of its own, because its ListObjectsV2 continuation tokens are DES-encrypted and Node's
// OpenSSL 3 has DES only in the legacy provider (without it, any listing longer than a page is a 500).
// The child exits when its stdin closes, so a test worker that dies leaves no server behind.
const RUNNER = `
const S3rver = require(process.argv[1]);
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: process.argv[2], configureBuckets: [{ name: process.argv[3], configs: [] }] });
server.run().then((a) => console.log(JSON.stringify({ port: a.port })), (e) => { console.error(e); process.exit(1); });
process.stdin.resume();
process.stdin.on('end', () => server.close().then(() => process.exit(0)));
`;

async function runS3rver(dir: string, bucket: string): Promise<{ port: number; stop(): Promise<void> }> {
  const s3rver = createRequire(import.meta.url).resolve('s3rver');
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', RUNNER, s3rver, dir, bucket], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout });
  const first = await Promise.race([once(lines, 'line'), exited.then(([code]) => Promise.reject(new Error(`s3rver exited with ${code} before listening`)))]);
  const { port } = JSON.parse(String(first[0])) as { port: number };
  return {
    port,
    async stop() {
      if (child.exitCode === null) {
        child.stdin.end();
        await exited;
      }
    },
  };
}

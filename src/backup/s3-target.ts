import { createReadStream, rmSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import type { BackupConfig } from '../config/config.js';
import { BACKUP_NAME, type BackupTarget } from './target.js';

export interface S3TargetOptions extends Pick<BackupConfig['s3'], 'endpoint' | 'region' | 'accessKeyId' | 'secretAccessKey' | 'forcePathStyle'> {
  bucket: string;
  /** '' or ending in '/'. */
  prefix: string;
  staging: string;
}

/**
 * Backups in an S3-compatible bucket under a prefix, each uploaded from its finished local file as a stream
 * (one PUT: S3 takes up to 5 GB per object that way) and the local copy removed.
 */
export function createS3Target(opts: S3TargetOptions): BackupTarget {
  const client = new S3Client({
    region: opts.region,
    endpoint: opts.endpoint,
    forcePathStyle: opts.forcePathStyle,
    credentials: opts.accessKeyId && opts.secretAccessKey ? { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey } : undefined,
    maxAttempts: 3,
    // As for media (src/media/storage/s3.ts): several S3-compatible servers refuse the SDK's newer checksum trailers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = opts.bucket;
  const keyOf = (name: string) => {
    if (!BACKUP_NAME.test(name)) throw new Error(`not a backup name: ${name}`);
    return `${opts.prefix}${name}`;
  };
  return {
    where: `s3://${Bucket}/${opts.prefix}`,
    staging: opts.staging,
    async store(name, path) {
      try {
        const { size } = statSync(path);
        await client.send(
          new PutObjectCommand({ Bucket, Key: keyOf(name), Body: createReadStream(path), ContentLength: size, ContentType: 'application/octet-stream' }),
        );
      } finally {
        rmSync(path, { force: true });
      }
    },
    async list() {
      const out: Array<{ name: string; bytes: number }> = [];
      for await (const page of paginateListObjectsV2({ client }, { Bucket, Prefix: opts.prefix })) {
        for (const o of page.Contents ?? []) {
          const name = o.Key?.slice(opts.prefix.length) ?? '';
          if (BACKUP_NAME.test(name)) out.push({ name, bytes: o.Size ?? 0 });
        }
      }
      return out.sort((a, b) => a.name.localeCompare(b.name));
    },
    async open(name) {
      const res = await client.send(new GetObjectCommand({ Bucket, Key: keyOf(name) }));
      if (!(res.Body instanceof Readable)) throw new Error(`s3://${Bucket}/${keyOf(name)}: no body`);
      return res.Body;
    },
    async remove(name) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: keyOf(name) }));
    },
    close() {
      client.destroy();
    },
  };
}

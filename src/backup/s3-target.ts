import { createReadStream, rmSync } from 'node:fs';
import { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { BackupConfig } from '../config/config.js';
import { BACKUP_NAME, type BackupTarget, isTargetName } from './target.js';

export interface S3TargetOptions extends Pick<BackupConfig['s3'], 'endpoint' | 'region' | 'accessKeyId' | 'secretAccessKey' | 'forcePathStyle'> {
  bucket: string;
  /** '' or ending in '/'. */
  prefix: string;
  staging: string;
  /** Bytes per part of a multipart upload (S3's minimum, 5 MiB, and up); 64 MiB unless given. */
  partSize?: number;
}

/** 64 MiB parts: S3 allows 10,000 parts, so up to 640 GB per backup, with two parts (128 MiB) in memory at most. */
export const BACKUP_PART_BYTES = 64 * 1024 * 1024;

/**
 * Backups in an S3-compatible bucket under a prefix, each uploaded from its finished local file as a stream and the
 * local copy removed. A file larger than one part goes up as a multipart upload (lib-storage's Upload), past the
 * 5 GB a single PUT is limited to; a failed one is aborted, so no parts are left behind to be billed.
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
    if (!isTargetName(name)) throw new Error(`not a backup name: ${name}`);
    return `${opts.prefix}${name}`;
  };
  return {
    where: `s3://${Bucket}/${opts.prefix}`,
    staging: opts.staging,
    async store(name, path) {
      try {
        const upload = new Upload({
          client,
          params: { Bucket, Key: keyOf(name), Body: createReadStream(path), ContentType: 'application/octet-stream' },
          partSize: opts.partSize ?? BACKUP_PART_BYTES,
          queueSize: 2,
          leavePartsOnError: false,
        });
        await upload.done();
      } finally {
        rmSync(path, { force: true });
      }
    },
    async list(pattern = BACKUP_NAME) {
      const out: Array<{ name: string; bytes: number }> = [];
      for await (const page of paginateListObjectsV2({ client }, { Bucket, Prefix: opts.prefix })) {
        for (const o of page.Contents ?? []) {
          const name = o.Key?.slice(opts.prefix.length) ?? '';
          if (pattern.test(name)) out.push({ name, bytes: o.Size ?? 0 });
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
